import { describe, expect, it } from "vitest";
import { API_CSP, STATIC_SECURITY_HEADERS, contentSecurityPolicy } from "@/lib/security/headers";

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only in production, never eval", () => {
    const policy = contentSecurityPolicy("abc123", false);
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
  });

  it("adds eval and the dev socket only in development", () => {
    const policy = contentSecurityPolicy("n", true);
    expect(policy).toMatch(/script-src [^;]*'unsafe-eval'/);
    expect(policy).toMatch(/connect-src [^;]*ws:/);
  });
});

describe("static headers", () => {
  it("cover sniffing, referrers and framing; the API may run nothing", () => {
    const byName = Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));
    expect(byName).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "strict-origin-when-cross-origin" });
    expect(API_CSP).toContain("default-src 'none'");
    expect(API_CSP).toContain("frame-ancestors 'none'");
  });
});
