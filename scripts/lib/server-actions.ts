import { readFileSync } from "node:fs";
import path from "node:path";

// Server actions, called the way the browser calls them: POST to a page that uses the action, with
// its id in `Next-Action`, the arguments as a JSON array, our Origin (Next's CSRF check) and the
// session cookie. Ids come from the build's server-reference manifest, so every action the console
// ships can be enumerated. Used by the API tests (e2e/api/support/console.ts) and the embedded soak
// (scripts/soak/traffic.ts).

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

export type ActionRef = { id: string; file: string; name: string; page: string };

let actions: ActionRef[] | undefined;

/** `app/(console)/settings/members/page` → `/settings/members` (route groups dropped, params filled). */
function pagePath(worker: string): string {
  const segments = worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((segment) => segment && !/^\(.*\)$/.test(segment));
  return `/${segments.map((segment) => (segment.startsWith("[") ? "x" : segment)).join("/")}`;
}

export function listActions(): ActionRef[] {
  if (!actions) {
    const manifestPath = path.join(process.cwd(), ".next", "server", "server-reference-manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
    actions = Object.entries(manifest.node).map(([id, entry]) => ({
      id,
      file: entry.filename,
      name: entry.exportedName,
      page: pagePath(Object.keys(entry.workers)[0]!),
    }));
  }
  return actions;
}

export function action(name: string, file?: string): ActionRef {
  const found = listActions().filter((candidate) => candidate.name === name && (!file || candidate.file === file));
  if (found.length !== 1) throw new Error(`expected one server action named ${name}${file ? ` in ${file}` : ""}, found ${found.length}`);
  return found[0]!;
}

export type ActionOutcome = {
  status: number;
  /** What the action returned ({ ok, … }), or null when it redirected or failed outside the wrapper. */
  result: { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]>; data?: unknown } | null;
  /** `x-action-redirect` without its `;push` suffix. */
  redirect: string | null;
  /** `atelier.session_token=…` when the action set the session cookie. */
  sessionCookie: string | null;
};

/** `origin: null` sends no Origin; `headers` are added as given (e.g. Sec-Fetch-Site, X-Forwarded-Host). */
export type ActionOptions = { cookie?: string | null; origin?: string | null; headers?: Record<string, string> };

export async function postAction(baseURL: string, ref: ActionRef, input: unknown, opts: ActionOptions = {}): Promise<ActionOutcome> {
  const headers: Record<string, string> = {
    "next-action": ref.id,
    "content-type": "text/plain;charset=UTF-8",
    accept: "text/x-component",
    ...opts.headers,
  };
  if (opts.origin !== null) headers.origin = opts.origin ?? baseURL;
  if (opts.cookie) headers.cookie = opts.cookie;
  const response = await fetch(`${baseURL}${ref.page}`, { method: "POST", headers, body: JSON.stringify([input]), redirect: "manual" });
  const text = await response.text();
  const redirect = response.headers.get("x-action-redirect")?.split(";")[0] ?? null;
  const setCookie = response.headers.getSetCookie().find((cookie) => /^(__Secure-)?atelier\.session_token=/.test(cookie));
  const sessionCookie = setCookie && !/Max-Age=0/i.test(setCookie) ? setCookie.split(";")[0]! : null;
  let result: ActionOutcome["result"] = null;
  if (!redirect) {
    // Flight rows: `0:{"a":"$@1",…}` then `1:<the action's return value>`.
    // `1:E{…}` is an error Next raised before or around the action (e.g. its CSRF check).
    const row = text.split("\n").find((line) => line.startsWith("1:"));
    if (row && !row.startsWith("1:E")) result = JSON.parse(row.slice(2)) as ActionOutcome["result"];
  }
  return { status: response.status, result, redirect, sessionCookie };
}
