import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPluginOperation, MAX_TOOL_RESPONSE_BYTES, type PluginAuth, type PluginCallTarget } from "@/lib/plugins/call";
import { loadOpenApi } from "@/lib/plugins/openapi";
import type { PluginOperation } from "@/lib/plugins/operations";
import { TRUNCATION_NOTE } from "@/lib/plugins/request";
import { startOpenApiFixture, type OpenApiFixture } from "@/scripts/tool-fixtures/openapi-server";

// Plugin calls against the OpenAPI fixture on loopback (allowed by port, as a test deployment's
// ATELIER_TOOL_ALLOWED_HOSTS would): what the fixture receives (the plugin's auth and nothing of
// Atelier's), what the model reads back, and the outbound rules on the first request and on every
// redirect hop.

const TOKEN = "plugin-call-test-token-0123456789";
let fixture: OpenApiFixture;
let other: OpenApiFixture;
let operations: Map<string, PluginOperation>;
let allowed: string[];

beforeAll(async () => {
  fixture = await startOpenApiFixture({ token: TOKEN });
  other = await startOpenApiFixture();
  operations = new Map((await loadOpenApi(fixture.document)).operations.map((operation) => [operation.name, operation]));
  allowed = [`127.0.0.1:${fixture.port}`, `127.0.0.1:${other.port}`];
});
afterAll(async () => {
  await fixture?.close();
  await other?.close();
});

const target = (name: string, auth: PluginAuth = { type: "bearer", token: TOKEN }, serverUrl = fixture.url): PluginCallTarget => ({ pluginId: "plugin_fixture", serverUrl, operation: operations.get(name)!, auth });
const call = (name: string, args: unknown, overrides: { auth?: PluginAuth; serverUrl?: string; signal?: AbortSignal; allowed?: string[] } = {}) =>
  callPluginOperation(target(name, overrides.auth, overrides.serverUrl), typeof args === "string" ? args : JSON.stringify(args), {
    allowed: overrides.allowed ?? allowed,
    signal: overrides.signal ?? AbortSignal.timeout(10_000),
    timeoutMs: 5000,
  });
const since = (count: number) => fixture.requests.slice(count);

describe("callPluginOperation", () => {
  it("calls getForecast with its path and query, the bearer token and nothing else of Atelier's", async () => {
    const before = fixture.requests.length;
    const result = await call("getForecast", { city: "Lisbon", days: 2 });
    expect(result).toMatchObject({ status: "completed", httpStatus: 200 });
    expect(JSON.parse(result.output)).toMatchObject({ city: "Lisbon", days: 2 });
    const [sent] = since(before);
    expect(sent).toMatchObject({ method: "GET", path: "/v1/forecast/Lisbon?days=2" });
    expect(sent!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent!.headers["user-agent"]).toBe("Atelier-Tools/1");
    expect(sent!.headers.cookie).toBeUndefined();
    expect(Object.keys(sent!.headers).sort()).toEqual(["accept", "authorization", "connection", "host", "user-agent"]);
  });

  it("sends createNote's flat body as JSON", async () => {
    const before = fixture.requests.length;
    const result = await call("createNote", { text: "buy milk", pinned: true });
    expect(result.status).toBe("completed");
    expect(JSON.parse(result.output)).toEqual({ id: "note_1", text: "buy milk", pinned: true });
    const [sent] = since(before);
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual({ text: "buy milk", pinned: true });
  });

  it("fails without a request when the arguments are not an object or lack a path parameter", async () => {
    const before = fixture.requests.length;
    expect(await call("getForecast", "[1,2]")).toEqual({ output: "Error: the arguments are not a JSON object: got an array.", status: "failed", httpStatus: null });
    expect((await call("getForecast", "{oops")).output).toMatch(/^Error: the arguments are not a JSON object: /);
    expect((await call("getForecast", { days: 1 })).output).toBe("Error: the required path parameter 'city' is missing.");
    expect(fixture.requests.length).toBe(before);
  });

  it("fails on a non-2xx answer, quoting the body", async () => {
    const result = await call("fail", {});
    expect(result.status).toBe("failed");
    expect(result.httpStatus).toBe(500);
    expect(result.output).toMatch(/^Error: HTTP 500 from plugin plugin_fixture \(GET \/fail\): \{"error":"the fixture's fail operation failed/);
    const unauthorized = await call("getForecast", { city: "x" }, { auth: { type: "none" } });
    expect(unauthorized).toMatchObject({ status: "failed", httpStatus: 401 });
  });

  it("cuts a body over 1 MiB and says so", async () => {
    const result = await call("big", { kib: 2000 });
    expect(result.status).toBe("completed");
    expect(result.output.endsWith(TRUNCATION_NOTE)).toBe(true);
    expect(result.output.length).toBe(MAX_TOOL_RESPONSE_BYTES + TRUNCATION_NOTE.length);
  });

  it("refuses a redirect to a port not in the allowed list", async () => {
    const result = await call("redirect", {});
    expect(result.status).toBe("failed");
    expect(result.output).toMatch(/^Error: Atelier refused to call this URL: Only https URLs are called; 127\.0\.0\.1 is not in ATELIER_TOOL_ALLOWED_HOSTS/);
  });

  it("follows a redirect within the origin, keeping the credentials", async () => {
    const before = fixture.requests.length;
    const result = await call("redirect", { to: `http://127.0.0.1:${fixture.port}/v1/forecast/x?days=1` });
    expect(result.status).toBe("completed");
    expect(JSON.parse(result.output)).toMatchObject({ city: "x", days: 1 });
    const sent = since(before);
    expect(sent.map((request) => request.path)).toEqual([expect.stringMatching(/^\/v1\/redirect\?to=/), "/v1/forecast/x?days=1"]);
    expect(sent[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("drops the credentials on a redirect to another origin", async () => {
    const before = other.requests.length;
    const auth: PluginAuth = { type: "header", name: "X-Api-Key", value: "header-secret-value" };
    const result = await call("redirect", { to: `http://127.0.0.1:${fixture.port}/v1/forecast/z` }, { auth, serverUrl: other.url });
    // The first hop (the other fixture) gets the key; the second (another port: another origin) does not.
    expect(other.requests.slice(before).at(-1)!.headers["x-api-key"]).toBe("header-secret-value");
    expect(fixture.requests.at(-1)).toMatchObject({ path: "/v1/forecast/z" });
    expect(fixture.requests.at(-1)!.headers["x-api-key"]).toBeUndefined();
    expect(fixture.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(result).toMatchObject({ status: "failed", httpStatus: 401 });
    expect(result.output).not.toContain("header-secret-value");
  });

  it("turns a POST redirected with 303 into a GET without a body", async () => {
    const seen: { method: string; url: string; type: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers["content-type"] });
      req.resume();
      if (req.url === "/notes") res.writeHead(303, { location: "/done" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("done");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      const result = await call("createNote", { text: "x" }, { serverUrl: `http://127.0.0.1:${port}`, allowed: [`127.0.0.1:${port}`] });
      expect(result).toEqual({ output: "done", status: "completed", httpStatus: 200 });
      expect(seen).toEqual([
        { method: "POST", url: "/notes", type: "application/json" },
        { method: "GET", url: "/done", type: undefined },
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("stops after three redirects", async () => {
    let to = `http://127.0.0.1:${fixture.port}/v1/forecast/x`;
    for (let i = 0; i < 4; i++) to = `http://127.0.0.1:${fixture.port}/v1/redirect?to=${encodeURIComponent(to)}`;
    const result = await call("redirect", { to });
    expect(result).toMatchObject({ status: "failed", httpStatus: null });
    expect(result.output).toMatch(/redirected more than 3 times/);
  });

  it("refuses a metadata address without connecting", async () => {
    const result = await call("getForecast", { city: "x" }, { serverUrl: "http://169.254.169.254/" });
    expect(result.status).toBe("failed");
    expect(result.output).toMatch(/^Error: Atelier refused to call this URL: /);
    expect(result.output).not.toContain(TOKEN);
    const https = await call("getForecast", { city: "x" }, { serverUrl: "https://169.254.169.254/latest" });
    expect(https.output).toBe("Error: Atelier refused to call this URL: 169.254.169.254 is not a public address; add the host to ATELIER_TOOL_ALLOWED_HOSTS to allow it.");
  });

  it("names the host when nothing listens", async () => {
    const result = await call("getForecast", { city: "x" }, { serverUrl: "http://127.0.0.1:1/v1", allowed: ["127.0.0.1:1"] });
    expect(result).toEqual({ output: "Error: could not reach 127.0.0.1:1: ECONNREFUSED", status: "failed", httpStatus: null });
  });

  it("fails when the plugin does not answer within timeoutMs", async () => {
    const result = await callPluginOperation(target("slow"), '{"ms":3000}', { allowed, signal: AbortSignal.timeout(10_000), timeoutMs: 200 });
    expect(result).toEqual({ output: `Error: 127.0.0.1:${fixture.port} did not answer within 0.2 s.`, status: "failed", httpStatus: null });
  });

  it("throws when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = call("slow", { ms: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("run cancelled")), 100);
    await expect(pending).rejects.toThrow("run cancelled");
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(call("slow", { ms: 0 }, { signal: controller.signal })).rejects.toThrow();
  });
});
