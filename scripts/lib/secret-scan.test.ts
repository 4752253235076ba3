import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendCaptured, plantSecret, readPlanted, scanForSecrets, type CapturedResponse, type PlantedSecret } from "./secret-scan";

// The scan that ends the API suite must find a planted secret wherever a response or a log line
// carries it, say where without printing it, and fail when the capture saw nothing.

const TOKEN: PlantedSecret = { name: "plugin token", value: "plugin-token-0123456789abcdef", evidence: ["****cdef"] };
const KEY: PlantedSecret = { name: "api key", value: "sk-atl-abcdefghijklmnopqrstuvwxyz0123456789ABCD", allowedResponses: 1 };

let dir: string;
let log: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "secret-scan-test-"));
  log = path.join(dir, "server.log");
  writeFileSync(log, `${JSON.stringify({ level: "info", message: "api request", path: "/api/v1/threads" })}\n`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const response = (extra: Partial<CapturedResponse>): CapturedResponse => ({
  file: "e2e/api/secrets.test.ts",
  test: "runs > shows the run",
  method: "GET",
  url: "http://127.0.0.1:3000/api/v1/threads/thread_1/runs/run_1",
  status: 200,
  headers: "content-type: application/json",
  body: JSON.stringify({ tools: [{ type: "acme.crm", auth: { type: "user_http", user_token: "****cdef" } }] }),
  ...extra,
});

const scan = (secrets: PlantedSecret[] = [TOKEN, KEY]) => scanForSecrets({ captureDir: dir, logFiles: [log], secrets });

describe("scanForSecrets", () => {
  it("passes when every response shows only masks, counting what it read", () => {
    appendCaptured(dir, "1-0", response({}));
    appendCaptured(dir, "2-0", response({ method: "POST", status: 400 }));
    const report = scan();
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ responses: 2, secrets: 2 });
    expect(report.bytes).toBeGreaterThan(200);
  });

  it.each([
    // No mask anywhere: a secret found needs no proof that the capture worked, so one finding.
    ["a JSON body", { body: JSON.stringify({ tools: [{ auth: { user_token: TOKEN.value } }] }) }, "plugin token in the body of GET"],
    ["an SSE event twice escaped", { body: `event: thread.run.created\ndata: ${JSON.stringify({ instructions: JSON.stringify({ t: TOKEN.value }) })}\n\n****cdef` }, "plugin token in the body of GET"],
    ["a stream the test left open", { body: `data: ${TOKEN.value} ****cdef`, partial: true }, "→ 200 (stream left open)"],
    ["a header", { headers: `x-debug: ${TOKEN.value}`, body: "****cdef" }, "plugin token in the headers of GET"],
  ])("finds a secret in %s and says where, without its value", (_case, extra, where) => {
    appendCaptured(dir, "1-0", response({ body: "{}" }));
    appendCaptured(dir, "1-0", response(extra));
    const { findings } = scan();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain(where);
    expect(findings[0]).toContain("http://127.0.0.1:3000/api/v1/threads/thread_1/runs/run_1 → 200");
    expect(findings[0]).toContain("e2e/api/secrets.test.ts › runs > shows the run");
    expect(findings[0]).not.toContain(TOKEN.value);
  });

  it("finds a secret in the server log, with its line and the value cut out", () => {
    appendCaptured(dir, "1-0", response({}));
    writeFileSync(log, `{"level":"info"}\n{"level":"error","message":"failed","error":"user_token: \\"${TOKEN.value}\\""}\n`);
    const { findings } = scan();
    expect(findings).toEqual([expect.stringMatching(/^plugin token in the server log, server\.log line 2: .*\[SECRET\]/)]);
    expect(findings[0]).not.toContain(TOKEN.value);
  });

  it("allows an API key in its one creation response, and flags every response when there are more", () => {
    appendCaptured(dir, "1-0", response({}));
    appendCaptured(dir, "1-0", response({ method: "POST", url: "http://127.0.0.1:3000/settings/api-keys", body: `1:{"ok":true,"data":{"key":"${KEY.value}"}}` }));
    expect(scan().findings).toEqual([]);
    appendCaptured(dir, "2-0", response({ body: `{"prefix":"${KEY.value}"} ****cdef` }));
    const { findings } = scan();
    expect(findings).toHaveLength(2);
    expect(findings.every((finding) => finding.startsWith("api key in ") && finding.endsWith("(1 allowed)"))).toBe(true);
  });

  it("fails when no response shows a secret's mask: the capture saw nothing", () => {
    appendCaptured(dir, "1-0", response({ body: "{}" }));
    expect(scan().findings).toEqual([expect.stringMatching(/^plugin token: no captured response shows its mask "\*\*\*\*cdef"/)]);
    rmSync(path.join(dir, "responses-1-0.jsonl"));
    expect(scan().findings).toHaveLength(1);
  });

  it("reads back what the test files planted, and refuses values a search could miss", () => {
    plantSecret(dir, "1-0", TOKEN);
    plantSecret(dir, "2-0", KEY);
    expect(readPlanted(dir)).toEqual([TOKEN, KEY]);
    expect(() => plantSecret(dir, "1-0", { name: "short", value: "abc" })).toThrow(/at least 12 characters/);
    expect(() => plantSecret(dir, "1-0", { name: "quoted", value: 'token-with-"quote"-inside' })).toThrow(/A-Z a-z 0-9/);
  });
});
