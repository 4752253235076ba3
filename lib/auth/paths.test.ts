import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/auth/paths";

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
