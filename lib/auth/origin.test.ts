import { afterEach, describe, expect, it } from "vitest";
import { crossOriginReason } from "@/lib/auth/origin";
import { resetEnvForTests } from "@/lib/env";

const check = (headers: Record<string, string>) => crossOriginReason(new Headers({ host: "atelier.test:3000", ...headers }));

afterEach(() => {
  delete process.env.ATELIER_TRUST_PROXY;
  resetEnvForTests();
});

describe("crossOriginReason", () => {
  it("accepts our own origin, as browsers send it for their own pages", () => {
    expect(check({ origin: "http://atelier.test:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(check({ origin: "http://ATELIER.test:3000" })).toBeNull();
  });

  it("refuses no Origin, an opaque or foreign one, and another site's Sec-Fetch-Site", () => {
    expect(check({})).toMatch(/no Origin/);
    expect(check({ origin: "null" })).toMatch(/not a URL/);
    expect(check({ origin: "https://evil.example" })).toMatch(/not this site/);
    expect(check({ origin: "http://atelier.test:3001" })).toMatch(/not this site/);
    expect(check({ origin: "http://atelier.test:3000", "sec-fetch-site": "cross-site" })).toMatch(/another site/);
    expect(check({ origin: "http://atelier.test:3000", "sec-fetch-site": "same-site" })).toMatch(/another site/);
  });

  it("believes X-Forwarded-Host only from a trusted proxy", () => {
    const forged = { origin: "https://evil.example", "x-forwarded-host": "evil.example" };
    expect(check(forged)).toMatch(/not this site/);
    process.env.ATELIER_TRUST_PROXY = "true";
    resetEnvForTests();
    expect(check(forged)).toBeNull();
    expect(check({ origin: "http://atelier.test:3000", "x-forwarded-host": "public.example" })).toMatch(/not this site/);
  });

  it("treats a forwarded host with the scheme's default port as the same site", () => {
    process.env.ATELIER_TRUST_PROXY = "true";
    resetEnvForTests();
    expect(check({ origin: "https://atelier.example.com", "x-forwarded-host": "atelier.example.com:443" })).toBeNull();
    expect(check({ origin: "https://atelier.example.com", "x-forwarded-host": "atelier.example.com:8443" })).toMatch(/not this site/);
    expect(check({ origin: "https://atelier.example.com", "x-forwarded-host": "bad host/" })).toMatch(/not this site/);
  });
});
