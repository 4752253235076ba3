import { describe, expect, it } from "vitest";
import { apiKeyCreateSchema, changePasswordSchema, inviteSchema, setupSchema, signInSchema } from "@/lib/auth/schema";

describe("auth schemas", () => {
  it("normalises emails (trimmed, lower-case) so sign-in ignores case", () => {
    expect(signInSchema.parse({ email: "  Ada@Example.COM ", password: "x" }).email).toBe("ada@example.com");
  });

  it("wants 12 to 128 characters for a new password, but any non-empty one to sign in", () => {
    const setup = { name: "Ada", email: "ada@example.com", workspaceName: "Lab" };
    expect(setupSchema.safeParse({ ...setup, password: "elevenchars" }).success).toBe(false);
    expect(setupSchema.safeParse({ ...setup, password: "twelve chars" }).success).toBe(true);
    expect(setupSchema.safeParse({ ...setup, password: "x".repeat(129) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "ada@example.com", password: "x" }).success).toBe(true);
    expect(signInSchema.safeParse({ email: "ada@example.com", password: "" }).success).toBe(false);
  });

  it("refuses a new password equal to the current one, on the new-password field", () => {
    const result = changePasswordSchema.safeParse({ currentPassword: "same password!", newPassword: "same password!" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["newPassword"]);
  });

  it("knows only owner, editor and viewer", () => {
    expect(inviteSchema.safeParse({ email: "a@b.co", role: "admin" }).success).toBe(false);
    expect(apiKeyCreateSchema.safeParse({ name: "CI", role: "viewer" }).success).toBe(true);
    expect(apiKeyCreateSchema.safeParse({ name: "  ", role: "viewer" }).success).toBe(false);
  });
});
