import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { resetEnvForTests } from "@/lib/env";

const headers = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

afterEach(() => {
  delete process.env.ATELIER_TRUST_PROXY;
  resetEnvForTests();
});

describe("clientIp", () => {
  it("is null without X-Forwarded-For", () => {
    expect(clientIp(headers())).toBeNull();
    expect(clientIp(headers(" , "))).toBeNull();
  });

  it("keeps the whole chain when no proxy is trusted, so a forged prefix is its own address", () => {
    expect(clientIp(headers("127.0.0.1"))).toBe("127.0.0.1");
    expect(clientIp(headers("10.0.0.1, 127.0.0.1"))).toBe("10.0.0.1, 127.0.0.1");
  });

  it("behind a trusted proxy, takes the address the proxy appended", () => {
    process.env.ATELIER_TRUST_PROXY = "true";
    resetEnvForTests();
    expect(clientIp(headers("1.2.3.4, 203.0.113.9"))).toBe("203.0.113.9");
  });
});
