import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Requests Next would answer itself, outside OpenAI's error shape: a path whose percent-encoding is
// not UTF-8 (a plain-text 500 from Next's param decoding) and a method outside HTTP's usual set (an
// empty 400). Both are refused in OpenAI's shape (`api()` checks the body against ErrorResponse),
// with or without a key, and write nothing. (A method Node's HTTP parser does not know at all, say
// FOO, never reaches the app: Node answers 400 and closes the connection.) Integer query
// parameters are plain decimal digits.

let ws: TestWorkspace;

beforeAll(async () => {
  ws = await provision((lib) => createTestWorkspace(lib, "bad-requests"));
});
afterAll(releaseDatabase);

const assistantCount = () => provision((lib) => lib.db.getDb().assistant.count({ where: { workspaceId: ws.id } }));

const BAD = "%ff%fe";
const ID_ROUTES = [
  `/assistants/${BAD}`,
  `/threads/${BAD}`,
  `/threads/${BAD}/messages`,
  `/threads/thread_x/messages/${BAD}`,
  `/threads/${BAD}/runs`,
  `/threads/thread_x/runs/${BAD}`,
  `/threads/thread_x/runs/${BAD}/cancel`,
  `/threads/thread_x/runs/run_x/steps/${BAD}`,
  `/threads/thread_x/runs/${BAD}/submit_tool_outputs`,
  `/nothing-here/${BAD}`,
];

describe("a path that is not valid percent-encoded UTF-8", () => {
  it.each(ID_ROUTES)("GET %s: 400 in OpenAI's shape, with or without a key", async (path) => {
    for (const key of [ws.apiKey, null]) {
      const response = await api("GET", path, { key });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_url", param: null });
      expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    }
  });

  it("POST with a body writes nothing", async () => {
    const before = await assistantCount();
    const response = await api("POST", `/assistants/${BAD}`, { key: ws.apiKey, json: { name: "never" } });
    expect(response.status).toBe(400);
    expect(await assistantCount()).toBe(before);
  });

  it("a valid encoding still reaches the route", async () => {
    const response = await api("GET", "/assistants/asst%5Fnope", { key: ws.apiKey });
    expect(response.status).toBe(404);
  });
});

describe("a console address that is not valid percent-encoded UTF-8", () => {
  it.each(["/assistants/asst_%ZZ", `/assistants/${BAD}/playground`, `/settings/${BAD}`])("GET %s: a 400 page that says so, not a 500", async (path) => {
    const response = await fetch(`${inject("baseURL")}${path}`, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("This address is not valid");
  });
});

describe("a method the API does not know", () => {
  it.each(["PROPFIND", "MKCOL", "LOCK", "PURGE"])("%s: 405 in OpenAI's shape with Allow, writing nothing", async (method) => {
    const before = await assistantCount();
    for (const path of ["/assistants", "/threads/thread_x/runs", "/unknown"]) {
      const response = await api(method, path, { key: ws.apiKey, json: { model: "gpt-4o-mini" } });
      expect(response.status).toBe(405);
      expect(response.body.error).toMatchObject({ type: "invalid_request_error", code: "method_not_allowed", param: null });
      expect(response.body.error.message).toContain(method);
      expect(response.headers.get("allow")).toMatch(/GET.*POST/);
    }
    expect(await assistantCount()).toBe(before);
  });
});

describe("integer query parameters", () => {
  it.each(["0x10", "1e1", "0b1", " 16", "16 ", "+5"])("limit=%s is refused (only plain decimal digits)", async (limit) => {
    const response = await api("GET", `/assistants?limit=${encodeURIComponent(limit)}`, { key: ws.apiKey });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe("limit");
  });

  it("limit=16 is accepted", async () => {
    expect((await api("GET", "/assistants?limit=16", { key: ws.apiKey })).status).toBe(200);
  });
});
