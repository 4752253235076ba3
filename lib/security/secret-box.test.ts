import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { open, openSecret, seal, sealSecret, SecretBoxError } from "@/lib/security/secret-box";

const SECRET = "a".repeat(32) + "-test-secret";
const OTHER = "b".repeat(32) + "-test-secret";
const KEY = "sk-proj-0123456789abcdefghijklmnopqrstuvwxyz";

afterEach(() => {
  delete process.env.ATELIER_SECRET;
  resetEnvForTests();
});

/** Flips one bit of the base64url part at `index` (1 iv, 2 tag, 3 ciphertext). */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  it("round-trips, including empty and non-ASCII text", () => {
    for (const text of [KEY, "", "clé-🔑-ключ", "x".repeat(10_000)]) expect(open(seal(text, SECRET, "ctx"), SECRET, "ctx")).toBe(text);
  });

  it("writes v1.<iv>.<tag>.<ciphertext> in base64url, without the plaintext", () => {
    const sealed = seal(KEY, SECRET);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(KEY);
    expect(sealed).not.toContain(Buffer.from(KEY).toString("base64url"));
  });

  it("uses a fresh IV each time: the same text seals differently", () => {
    expect(seal(KEY, SECRET)).not.toBe(seal(KEY, SECRET));
  });

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ])("refuses a value whose %s was changed", (_, index) => {
    expect(() => open(tamper(seal(KEY, SECRET), index), SECRET)).toThrow(SecretBoxError);
  });

  it("refuses another secret", () => {
    expect(() => open(seal(KEY, SECRET), OTHER)).toThrow(/another ATELIER_SECRET/);
  });

  it("refuses another context (a sealed value moved to another row)", () => {
    expect(() => open(seal(KEY, SECRET, "prov_a"), SECRET, "prov_b")).toThrow(SecretBoxError);
  });

  it.each(["", "plain text", "v2.a.b.c", "v1.a.b", "v1.AAAA.AAAA.AAAA"])("refuses a malformed value %j", (value) => {
    expect(() => open(value, SECRET)).toThrow(SecretBoxError);
  });

  it("seals under ATELIER_SECRET, and says so when it is not set", () => {
    delete process.env.ATELIER_SECRET;
    resetEnvForTests();
    expect(() => sealSecret(KEY, "ctx")).toThrow(/ATELIER_SECRET is not set/);
    process.env.ATELIER_SECRET = SECRET;
    resetEnvForTests();
    const sealed = sealSecret(KEY, "ctx");
    expect(openSecret(sealed, "ctx")).toBe(KEY);
    expect(open(sealed, SECRET, "ctx")).toBe(KEY);
  });
});
