import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The API suite's secret scan. Test files plant known plaintext secrets (plugin tokens, a provider
// key, API keys); a setup file in every test worker records each response the suite receives
// (e2e/api/support/capture.ts); after the last file, the global teardown searches those responses
// and the server's whole log for the planted values (e2e/api/global-setup.ts). This module owns the
// files' format and the search, so the writer and the reader cannot disagree.
//
// A planted value is made only of characters that JSON, URL and HTML encodings all leave as they
// are, so it reads the same in any body, at any depth of escaping, and a plain substring search of
// the raw files finds it.

export type PlantedSecret = {
  /** What it is, for the report ("plugin token of a run-level tools override"); never the value. */
  name: string;
  value: string;
  /** Responses allowed to carry it: 1 for an API key's one-time creation response. Never the log. */
  allowedResponses?: number;
  /**
   * Strings some response must carry (the secret's mask), so a capture that saw nothing (no setup
   * file, a broken wrapper) fails the scan instead of passing it.
   */
  evidence?: string[];
};

/** One response as the suite received it; `partial` when the test left before its stream ended. */
export type CapturedResponse = {
  file: string;
  test: string | null;
  method: string;
  url: string;
  status: number;
  headers: string;
  body: string;
  partial?: boolean;
};

export type ScanReport = { responses: number; bytes: number; logBytes: number; secrets: number; findings: string[]; ms: number };

const SCANNABLE = /^[A-Za-z0-9._~-]{12,}$/;
const RESPONSES_PREFIX = "responses-";
const PLANTED_PREFIX = "planted-";

/** Each process (and worker thread) appends to files of its own: no interleaved writes. */
const fileOf = (dir: string, prefix: string, writer: string) => path.join(dir, `${prefix}${writer}.jsonl`);

export function assertScannable(secret: PlantedSecret): void {
  if (!SCANNABLE.test(secret.value)) {
    throw new Error(`Planted secret "${secret.name}" must be at least 12 characters of A-Z a-z 0-9 . _ ~ - (encodings leave those alone, so a substring search finds it).`);
  }
}

export function appendCaptured(dir: string, writer: string, response: CapturedResponse): void {
  appendFileSync(fileOf(dir, RESPONSES_PREFIX, writer), `${JSON.stringify(response)}\n`);
}

export function plantSecret(dir: string, writer: string, secret: PlantedSecret): void {
  assertScannable(secret);
  appendFileSync(fileOf(dir, PLANTED_PREFIX, writer), `${JSON.stringify(secret)}\n`);
}

const filesOf = (dir: string, prefix: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith(".jsonl"))
    .sort()
    .map((name) => path.join(dir, name));

const jsonLines = (text: string) => text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as unknown);

export function readPlanted(dir: string): PlantedSecret[] {
  return filesOf(dir, PLANTED_PREFIX).flatMap((file) => jsonLines(readFileSync(file, "utf8")) as PlantedSecret[]);
}

/** Start offsets of the lines of `text` holding `value`, each once. */
function linesWith(text: string, value: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(value); at !== -1; ) {
    const start = text.lastIndexOf("\n", at) + 1;
    starts.push(start);
    const end = text.indexOf("\n", at);
    if (end === -1) break;
    at = text.indexOf(value, end);
  }
  return starts;
}

const lineAt = (text: string, start: number) => {
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? undefined : end);
};

function describeResponse(line: string, value: string): string {
  const response = JSON.parse(line) as CapturedResponse;
  const part = response.body.includes(value) ? "body" : response.headers.includes(value) ? "headers" : "URL";
  const test = response.test ? ` › ${response.test}` : "";
  return `the ${part} of ${response.method} ${response.url} → ${response.status}${response.partial ? " (stream left open)" : ""}, in ${response.file}${test}`;
}

/** A log line shown with the secret cut out: the report must not print what it found. */
function describeLogLine(file: string, text: string, start: number, value: string): string {
  const number = text.slice(0, start).split("\n").length;
  return `${path.basename(file)} line ${number}: ${lineAt(text, start).replaceAll(value, "[SECRET]").slice(0, 300)}`;
}

/**
 * Searches every captured response in `captureDir` and every line of `logFiles` for each secret's
 * value. A finding names the secret, never its value.
 */
export function scanForSecrets(opts: { captureDir: string; logFiles: string[]; secrets: PlantedSecret[] }): ScanReport {
  const started = performance.now();
  opts.secrets.forEach(assertScannable);
  const findings: string[] = [];
  const hits = new Map<PlantedSecret, string[]>(opts.secrets.map((secret) => [secret, []]));
  const missing = new Set(opts.secrets.flatMap((secret) => secret.evidence ?? []));
  let responses = 0;
  let bytes = 0;
  for (const file of filesOf(opts.captureDir, RESPONSES_PREFIX)) {
    const text = readFileSync(file, "utf8");
    bytes += text.length;
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) responses++;
    for (const [secret, found] of hits) {
      for (const start of linesWith(text, secret.value)) found.push(describeResponse(lineAt(text, start), secret.value));
    }
    for (const evidence of missing) if (text.includes(evidence)) missing.delete(evidence);
  }
  for (const [secret, found] of hits) {
    if (found.length > (secret.allowedResponses ?? 0)) {
      const allowed = secret.allowedResponses ? ` (${secret.allowedResponses} allowed)` : "";
      findings.push(...found.map((where) => `${secret.name} in ${where}${allowed}`));
    }
  }
  let logBytes = 0;
  for (const file of opts.logFiles) {
    const text = readFileSync(file, "utf8");
    logBytes += text.length;
    for (const secret of opts.secrets) {
      for (const start of linesWith(text, secret.value)) findings.push(`${secret.name} in the server log, ${describeLogLine(file, text, start, secret.value)}`);
    }
  }
  for (const secret of opts.secrets) {
    // A secret that was found needs no proof that the capture worked.
    if (hits.get(secret)!.length > 0) continue;
    for (const evidence of secret.evidence ?? []) {
      if (missing.has(evidence)) findings.push(`${secret.name}: no captured response shows its mask "${evidence}", so the capture cannot have seen where it would leak (is e2e/api/support/capture.ts a setup file of the api project?)`);
    }
  }
  return { responses, bytes, logBytes, secrets: opts.secrets.length, findings, ms: Math.round(performance.now() - started) };
}
