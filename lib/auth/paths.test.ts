import { describe, expect, it } from "vitest";
import { hasSessionCookie, safeNext } from "@/lib/auth/paths";

describe("safeNext", () => {
  it.each(["/assistants", "/settings/members", "/invite/inv_123", "/assistants?after=asst_1"])("keeps our own path %s", (path) => {
    expect(safeNext(path)).toBe(path);
  });

  it.each([undefined, null, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "assistants", "/a\nb"])(
    "sends %j to the assistants instead",
    (next) => {
      expect(safeNext(next)).toBe("/assistants");
    },
  );
});

describe("hasSessionCookie", () => {
  it.each([
    ["atelier.session_token=abc", true],
    ["theme=dark; __Secure-atelier.session_token=abc", true],
    ["xatelier.session_token=abc", false],
    ["atelier.session_data=abc", false],
    [null, false],
  ])("%j → %s", (header, expected) => {
    expect(hasSessionCookie(header)).toBe(expected);
  });
});
