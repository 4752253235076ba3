import { afterEach, describe, expect, it, vi } from "vitest";
import { errorBody, errorResponse, json } from "@/lib/api/respond";
import { AppError, httpStatusByCode, type ErrorCode } from "@/lib/errors";
import { logSink } from "@/lib/log";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Keeps the logger's expected error lines out of the test output and lets tests read them. */
const silenceLog = () => {
  const errors = vi.fn();
  vi.spyOn(logSink, "write").mockImplementation((to, line) => {
    if (to === "err") errors(line);
  });
  return errors;
};

describe("errorBody", () => {
  it.each<[ErrorCode, number, string, string | null]>([
    ["invalid_request", 400, "invalid_request_error", "invalid_request"],
    ["unauthorized", 401, "invalid_request_error", "unauthorized"],
    ["forbidden", 403, "permission_error", "forbidden"],
    ["not_found", 404, "invalid_request_error", "not_found"],
    ["method_not_allowed", 405, "invalid_request_error", "method_not_allowed"],
    ["conflict", 409, "invalid_request_error", "conflict"],
    ["payload_too_large", 413, "invalid_request_error", "payload_too_large"],
    ["unsupported_media_type", 415, "invalid_request_error", "unsupported_media_type"],
    ["rate_limited", 429, "rate_limit_error", "rate_limited"],
    ["internal", 500, "server_error", null],
    ["bad_gateway", 502, "server_error", "bad_gateway"],
    ["unavailable", 503, "server_error", "unavailable"],
  ])("%s → HTTP %i, type %s, code %s", (code, status, type, apiCode) => {
    const error = new AppError(code, `message for ${code}`);
    expect(error.status).toBe(status);
    expect(errorBody(error)).toEqual({ error: { message: `message for ${code}`, type, param: null, code: apiCode } });
  });

  it("covers every ErrorCode", () => {
    for (const code of Object.keys(httpStatusByCode) as ErrorCode[]) {
      const { error } = errorBody(new AppError(code, "x"));
      expect(typeof error.type, code).toBe("string");
      expect(error.type, code).toMatch(/_error$/);
    }
  });

  it("prefers the precise OpenAI code and keeps param", () => {
    const error = new AppError("unauthorized", "Incorrect API key provided.", { apiCode: "invalid_api_key", param: "authorization" });
    expect(errorBody(error)).toEqual({
      error: { message: "Incorrect API key provided.", type: "invalid_request_error", param: "authorization", code: "invalid_api_key" },
    });
  });

  it("has exactly the four fields of the contract's Error", () => {
    expect(Object.keys(errorBody(new AppError("not_found", "x")).error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(Object.keys(errorBody(new AppError("not_found", "x")))).toEqual(["error"]);
  });

  it("does not leak fieldErrors or the cause", () => {
    const error = new AppError("invalid_request", "Invalid 'name'", { param: "name", fieldErrors: { name: ["too long"] }, cause: new Error("db down") });
    expect(JSON.stringify(errorBody(error))).not.toMatch(/too long|db down/);
  });
});

describe("json", () => {
  it("serialises the body with status, content-type and request id", async () => {
    const response = json({ ok: true }, { status: 201, requestId: "req_123" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-request-id")).toBe("req_123");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("defaults to 200 without a request id", () => {
    const response = json([]);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeNull();
  });

  it("keeps extra headers but always answers JSON", () => {
    const response = json({}, { headers: { "retry-after": "3", "content-type": "text/html" } });
    expect(response.headers.get("retry-after")).toBe("3");
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});

describe("errorResponse", () => {
  it("answers an AppError with its status, body, request id and headers", async () => {
    const error = new AppError("unauthorized", "Missing bearer token.", { apiCode: "missing_api_key" });
    const response = errorResponse(error, "req_abc", { "www-authenticate": 'Bearer realm="atelier"' });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("req_abc");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="atelier"');
    expect(await response.json()).toEqual(errorBody(error));
  });

  it.each([
    ["an Error", new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")],
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'password=hunter2')")],
    ["a thrown string", "password=hunter2"],
    ["a thrown object", { message: "password=hunter2" }],
  ])("answers %s with a 500 that never includes the original message", async (_case, thrown) => {
    const logged = silenceLog();
    const response = errorResponse(thrown, "req_500");
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req_500");
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("ECONNREFUSED");
    const body = JSON.parse(text) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "server_error", param: null, code: null });
    expect(body.error.message).toContain("req_500");
    expect(logged).toHaveBeenCalled();
  });

  it("logs the unexpected error with the request id, so it can be found", () => {
    const logged = silenceLog();
    errorResponse(new Error("boom"), "req_log");
    const lines = logged.mock.calls.map((args) => args.join(" ")).join("\n");
    expect(lines).toContain("req_log");
    expect(lines).toContain("boom");
  });

  it("does not log an expected AppError as a fault", () => {
    const logged = silenceLog();
    errorResponse(new AppError("not_found", "No assistant found with id 'asst_x'."), "req_404");
    expect(logged).not.toHaveBeenCalled();
  });
});
