import { describe, expect, it, vi } from "vitest";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";

// The wrapper every /api/v1 handler goes through: the caller is checked before the handler runs,
// failures come out in OpenAI's error shape, and every response carries a request id.

const context = { params: Promise.resolve({}) };
const url = "http://localhost/api/v1/assistants";

describe("apiRoute", () => {
  it("answers 401 before the handler runs when there is no Authorization header", async () => {
    const handler = vi.fn(async () => ({ ok: true }));
    const response = await apiRoute(handler)(new Request(url), context);
    expect(handler).not.toHaveBeenCalled();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const body = await response.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "missing_api_key", param: null });
    expect(body.error.message).toMatch(/API key/);
  });

  it.each(["Basic eDp5", "Bearer", "Bearer a b"])("answers 401 for a malformed header %j", async (authorization) => {
    const response = await apiRoute(async () => ({}))(new Request(url, { headers: { authorization } }), context);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("invalid_authorization_header");
  });

  it("echoes a well-formed client request id and replaces anything else", async () => {
    const run = (id?: string) =>
      apiRoute(async () => ({}))(new Request(url, { headers: id === undefined ? {} : { "x-request-id": id } }), context);
    expect((await run("trace-42.a:b_c")).headers.get("x-request-id")).toBe("trace-42.a:b_c");
    for (const bad of ["has spaces", "x".repeat(129), "<script>"]) {
      expect((await run(bad)).headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    }
    expect((await run()).headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
  });
});

describe("every response", () => {
  it("is Cache-Control: no-store, errors and handler Responses too, also on a route without params", async () => {
    const key = { headers: { authorization: "Bearer x" } };
    const refused = await apiRoute(async () => ({}))(new Request(url), context);
    expect(refused.headers.get("cache-control")).toBe("no-store, no-transform");
    // Static routes get no `params` from Next at all.
    const noParams = await apiRoute(async () => ({}))(new Request(url, key), {} as never);
    expect(noParams.headers.get("cache-control")).toBe("no-store, no-transform");
    const own = await apiRoute(async () => ({}))(new Request(url), context);
    expect(own.headers.get("x-request-id")).toMatch(/^req_/);
    expect((await methodNotAllowed(["GET"])(new Request(url, { method: "PUT" }))).headers.get("cache-control")).toBe("no-store, no-transform");
  });
});

describe("methodNotAllowed", () => {
  it("answers 405 in OpenAI's shape with an Allow header", async () => {
    const response = await methodNotAllowed(["GET", "POST"])(new Request(url, { method: "PUT" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    const body = await response.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "method_not_allowed", param: null });
    expect(body.error.message).toContain("PUT");
  });
});
