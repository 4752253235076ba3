import { describe, expect, it } from "vitest";
import { hasRole, isRole, lowerRole, rolesUpTo } from "@/lib/auth/roles";

describe("roles", () => {
  it("ranks owner over editor over viewer", () => {
    expect(hasRole("owner", "editor")).toBe(true);
    expect(hasRole("editor", "editor")).toBe(true);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("editor", "owner")).toBe(false);
    expect(hasRole("viewer", "viewer")).toBe(true);
  });

  it("caps a key at the weaker of its role and its creator's", () => {
    expect(lowerRole("owner", "viewer")).toBe("viewer");
    expect(lowerRole("viewer", "owner")).toBe("viewer");
    expect(lowerRole("editor", "owner")).toBe("editor");
    expect(lowerRole("owner", "owner")).toBe("owner");
  });

  it("offers only roles up to one's own", () => {
    expect(rolesUpTo("viewer")).toEqual(["viewer"]);
    expect(rolesUpTo("editor")).toEqual(["editor", "viewer"]);
    expect(rolesUpTo("owner")).toEqual(["owner", "editor", "viewer"]);
  });

  it("recognises stored role strings and nothing else", () => {
    expect(["owner", "editor", "viewer"].every(isRole)).toBe(true);
    for (const value of ["admin", "member", "Owner", "", null, 1]) expect(isRole(value)).toBe(false);
  });
});
