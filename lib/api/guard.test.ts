import { describe, expect, it } from "vitest";
import { refuseUnroutable } from "@/lib/api/guard";

describe("refuseUnroutable", () => {
  it("answers a method outside HTTP's usual set with 405 in OpenAI's shape and Allow", () => {
    const refusal = refuseUnroutable("PROPFIND", "/api/v1/assistants?limit=1", "req_1")!;
    expect(refusal.status).toBe(405);
    expect(refusal.headers).toMatchObject({ allow: "GET, POST, DELETE, HEAD, OPTIONS", "cache-control": "no-store, no-transform", "x-request-id": "req_1", "content-type": "application/json" });
    expect(JSON.parse(refusal.body)).toEqual({
      error: { message: expect.stringContaining("PROPFIND"), type: "invalid_request_error", param: null, code: "method_not_allowed" },
    });
  });

  it("answers a path that is not percent-encoded UTF-8 with 400", () => {
    for (const url of ["/api/v1/assistants/%ff%fe", "/api/v1/threads/%E0%A4%A/runs", "/api/v1/%"]) {
      const refusal = refuseUnroutable("GET", url, "req_2")!;
      expect(refusal.status, url).toBe(400);
      expect(JSON.parse(refusal.body).error).toMatchObject({ code: "invalid_url", param: null });
    }
  });

  it("lets everything else through: good encodings, PUT/PATCH (each route's own 405), other paths", () => {
    expect(refuseUnroutable("GET", "/api/v1/assistants/asst%5F1?after=%ff", "r")).toBeNull();
    expect(refuseUnroutable("PATCH", "/api/v1/assistants", "r")).toBeNull();
    expect(refuseUnroutable("PROPFIND", "/settings", "r")).toBeNull();
    expect(refuseUnroutable("GET", "/api/health/%ff", "r")).toBeNull();
    expect(refuseUnroutable("PROPFIND", "/api/v10", "r")).toBeNull();
  });
});
