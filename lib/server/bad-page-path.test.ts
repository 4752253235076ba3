import { describe, expect, it } from "vitest";
import { refuseBadPagePath } from "@/lib/server/bad-page-path";

describe("refuseBadPagePath", () => {
  it("answers a console address that is not percent-encoded UTF-8 with a 400 page", () => {
    for (const url of ["/assistants/asst_%ZZ", "/assistants/%ff%fe/playground?thread=x", "/%"]) {
      const refusal = refuseBadPagePath(url)!;
      expect(refusal.status, url).toBe(400);
      expect(refusal.headers).toMatchObject({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      expect(refusal.body).toContain("This address is not valid");
    }
  });

  it("leaves good addresses, bad query strings and the API (lib/api/guard.ts) alone", () => {
    expect(refuseBadPagePath("/assistants/asst_1")).toBeNull();
    expect(refuseBadPagePath("/assistants?meta=team%3Dx")).toBeNull();
    expect(refuseBadPagePath("/assistants?q=%ff")).toBeNull();
    expect(refuseBadPagePath("/api/v1/assistants/%ff")).toBeNull();
    expect(refuseBadPagePath("/api/health/%ff")).toBeNull();
  });
});
