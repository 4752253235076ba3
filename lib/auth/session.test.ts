import { describe, expect, it } from "vitest";
import { pickMembership, type MembershipWithJoin } from "@/lib/auth/session";

const member = (workspaceId: string, joined: string): MembershipWithJoin => ({
  workspaceId,
  workspaceName: workspaceId,
  role: "editor",
  joinedAt: new Date(joined),
});

describe("pickMembership", () => {
  const list = [member("ws_b", "2026-03-01"), member("ws_a", "2026-01-01"), member("ws_c", "2026-02-01")];

  it("takes the session's active workspace while still a member there", () => {
    expect(pickMembership(list, "ws_c")?.workspaceId).toBe("ws_c");
  });

  it("falls back to the oldest membership when the active one is gone or unset", () => {
    expect(pickMembership(list, "ws_removed")?.workspaceId).toBe("ws_a");
    expect(pickMembership(list, null)?.workspaceId).toBe("ws_a");
  });

  it("is null for someone in no workspace", () => {
    expect(pickMembership([], "ws_a")).toBeNull();
  });
});
