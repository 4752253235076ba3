import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The request log: one JSON line per /api/v1 request in the server's output (the test server's log
// file), with the route's pattern, status, duration, request id and workspace, and nothing secret.
// Every API response is also `Cache-Control: no-store`, and names its request id.

let ws: TestWorkspace;
let threadId: string;

beforeAll(async () => {
  ws = await provision((lib) => createTestWorkspace(lib, "request-log"));
  const thread = await api("POST", "/threads", { key: ws.apiKey, json: {} });
  threadId = thread.body.id;
});
afterAll(releaseDatabase);

type LogLine = Record<string, unknown>;

/** The server's `api request` lines for `requestId`; waits for the output to reach the file. */
async function logLinesFor(requestId: string): Promise<LogLine[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const lines = (await readFile(inject("logFile"), "utf8")).split("\n").filter((line) => line.includes(requestId));
    if (lines.length) return lines.map((line) => JSON.parse(line) as LogLine);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

const unique = (label: string) => `test-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

describe("the request log", () => {
  it("writes one line per request with method, route pattern, status, duration, request id and workspace", async () => {
    const cases = [
      { label: "ok", method: "GET", path: `/threads/${threadId}/runs`, key: ws.apiKey, status: 200, route: "/api/v1/threads/{thread_id}/runs", workspace: ws.id },
      { label: "bad", method: "GET", path: "/assistants?limit=abc", key: ws.apiKey, status: 400, route: "/api/v1/assistants", workspace: ws.id },
      { label: "missing", method: "GET", path: "/assistants/asst_doesnotexist", key: ws.apiKey, status: 404, route: "/api/v1/assistants/{assistant_id}", workspace: ws.id },
      { label: "unauth", method: "POST", path: "/threads", key: "sk-wrong-key-in-the-log-test-0001", status: 401, route: "/api/v1/threads", workspace: null },
      { label: "unknown", method: "GET", path: "/nope/x", key: ws.apiKey, status: 404, route: "/api/v1/*", workspace: ws.id },
      { label: "method", method: "PUT", path: "/assistants", key: ws.apiKey, status: 405, route: "/api/v1/assistants", workspace: null },
    ];
    for (const c of cases) {
      const requestId = unique(c.label);
      const response = await api(c.method, c.path, { key: c.key, headers: { "x-request-id": requestId }, json: c.method === "POST" ? { metadata: { secret: "body-secret-value" } } : undefined });
      expect(response.status, c.label).toBe(c.status);
      expect(response.headers.get("x-request-id"), c.label).toBe(requestId);
      // no-transform: nothing on the API is compressed (next.config.ts).
      expect(response.headers.get("cache-control"), c.label).toBe("no-store, no-transform");
      const lines = await logLinesFor(requestId);
      expect(lines, c.label).toHaveLength(1);
      expect(lines[0], c.label).toMatchObject({
        level: "info",
        message: "api request",
        method: c.method,
        route: c.route,
        path: `/api/v1${c.path.split("?")[0]}`,
        status: c.status,
        request_id: requestId,
        workspace_id: c.workspace,
      });
      expect(typeof lines[0]!.duration_ms, c.label).toBe("number");
    }
  });

  it("logs a streamed run when its response starts, with status 200", async () => {
    const assistant = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "gpt-4o-mini" } });
    const requestId = unique("stream");
    const response = await api("POST", `/threads/${threadId}/runs`, {
      key: ws.apiKey,
      headers: { "x-request-id": requestId },
      json: { assistant_id: assistant.body.id, stream: true, additional_messages: [{ role: "user", content: "[[reply: logged]]" }] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/\bno-store\b/);
    expect(response.headers.get("x-request-id")).toBe(requestId);
    const lines = await logLinesFor(requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "POST", route: "/api/v1/threads/{thread_id}/runs", status: 200, workspace_id: ws.id });
  });

  it("replaces a request id that does not look like one", async () => {
    const response = await api("GET", "/assistants", { key: ws.apiKey, headers: { "x-request-id": "bad id with spaces" } });
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await logLinesFor(requestId)).toHaveLength(1);
  });

  it("never writes keys, Authorization headers, cookies or bodies", async () => {
    const log = await readFile(inject("logFile"), "utf8");
    for (const secret of [ws.apiKey, inject("adminKey"), "sk-wrong-key-in-the-log-test-0001", "body-secret-value", inject("secret")]) {
      expect(log.includes(secret), `the log contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    // The lines carry these fields and nothing else (no headers, no query, no body).
    const lines = log.split("\n").filter((line) => line.includes('"message":"api request"'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(Object.keys(JSON.parse(line) as LogLine).sort()).toEqual(
        ["duration_ms", "level", "message", "method", "path", "request_id", "route", "status", "time", "workspace_id"],
      );
    }
  });
});
