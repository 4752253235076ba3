import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, action, addMember, callAction, createUser, signInCookie, type TestUser } from "./support/console";
import { api } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Accounts and membership through the console's actions: passwords, invitations, roles, removal
// and workspaces, each with the rule that keeps it safe.

let workspace: TestWorkspace;
let owner: TestUser;
let ownerCookie: string;

beforeAll(async () => {
  ({ workspace, owner } = await provision(async (lib) => {
    const workspace = await createTestWorkspace(lib, "accounts");
    const owner = await createUser(lib, "accounts-owner");
    await addMember(lib, workspace.id, owner, "owner");
    return { workspace, owner };
  }));
  ownerCookie = await signInCookie(owner);
});
afterAll(releaseDatabase);

const db = <T>(fn: (prisma: ReturnType<Parameters<Parameters<typeof provision>[0]>[0]["db"]["getDb"]>) => Promise<T>) =>
  provision((lib) => fn(lib.db.getDb()));

describe("passwords", () => {
  it("a wrong current password is refused on its field; the right one changes it and ends the other sessions", async () => {
    const user = await provision((lib) => createUser(lib, "pw"));
    await provision((lib) => addMember(lib, workspace.id, user, "viewer"));
    const here = await signInCookie(user);
    const elsewhere = await signInCookie(user);

    const wrong = await callAction(action("changePassword"), { currentPassword: "not it", newPassword: "a brand new password" }, { cookie: here });
    expect(wrong.result).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["The current password is not right."] } });

    const right = await callAction(action("changePassword"), { currentPassword: PASSWORD, newPassword: "a brand new password" }, { cookie: here });
    expect(right.result).toMatchObject({ ok: true });
    // The other session ended; signing in takes the new password, not the old.
    expect((await api("GET", "/assistants", { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await callAction(action("signIn"), { email: user.email, password: PASSWORD })).sessionCookie).toBeNull();
    expect((await callAction(action("signIn"), { email: user.email, password: "a brand new password" })).sessionCookie).not.toBeNull();
  });
});

describe("invitations", () => {
  it("an invite link makes an account for the invited email only, once, with the invited role", async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const invited = await callAction(action("invite"), { email, role: "editor" }, { cookie: ownerCookie });
    expect(invited.result).toMatchObject({ ok: true, data: { email, role: "editor" } });
    const invitationId = (invited.result!.data as { id: string }).id;
    // The invitation's id is the link's secret: the activity log, which every member reads, must not hold it.
    const trail = await db((prisma) => prisma.auditEvent.findMany({ where: { workspaceId: workspace.id } }));
    expect(JSON.stringify(trail)).not.toContain(invitationId);

    const joined = await callAction(action("joinWithNewAccount"), { invitationId, name: "Invitee", password: "invitee password" });
    expect(joined.redirect).toBe("/assistants");
    expect(joined.sessionCookie).not.toBeNull();
    const member = await db((prisma) => prisma.member.findFirst({ where: { workspaceId: workspace.id, user: { email } } }));
    expect(member?.role).toBe("editor");
    expect(JSON.stringify(await db((prisma) => prisma.auditEvent.findMany({ where: { workspaceId: workspace.id } })))).not.toContain(invitationId);

    // Used up: the same link cannot make a second account or join again.
    const again = await callAction(action("joinWithNewAccount"), { invitationId, name: "Again", password: "another password" });
    expect(again.result).toMatchObject({ ok: false, code: "not_found" });
    // Inviting an existing member is refused on the email field.
    const twice = await callAction(action("invite"), { email, role: "viewer" }, { cookie: ownerCookie });
    expect(twice.result).toMatchObject({ ok: false, code: "conflict", fieldErrors: { email: ["Already a member."] } });
  });

  it("a signed-in person cannot accept an invitation made for another email", async () => {
    const someone = await provision((lib) => createUser(lib, "someone"));
    await provision((lib) => addMember(lib, workspace.id, someone, "viewer"));
    const invited = await callAction(action("invite"), { email: `other-${Date.now()}@example.test`, role: "owner" }, { cookie: ownerCookie });
    const invitationId = (invited.result!.data as { id: string }).id;
    const taken = await callAction(action("acceptInvite"), { invitationId }, { cookie: await signInCookie(someone) });
    expect(taken.result).toMatchObject({ ok: false, code: "not_found" });
    const canceled = await callAction(action("cancelInvite"), { id: invitationId }, { cookie: ownerCookie });
    expect(canceled.result).toMatchObject({ ok: true });
    expect((await db((prisma) => prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } }))).status).toBe("canceled");
  });
});

describe("roles and removal", () => {
  it("keeps at least one owner", async () => {
    const self = await db((prisma) => prisma.member.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: owner.id } }));
    const demote = await callAction(action("changeRole"), { memberId: self.id, role: "viewer" }, { cookie: ownerCookie });
    expect(demote.result).toMatchObject({ ok: false, code: "conflict" });
    const leave = await callAction(action("removeFromWorkspace"), { id: self.id }, { cookie: ownerCookie });
    expect(leave.result).toMatchObject({ ok: false, code: "conflict" });
  });

  it("removing a member revokes their keys and records who did it", async () => {
    const member = await provision((lib) => createUser(lib, "leaver"));
    const memberId = await provision((lib) => addMember(lib, workspace.id, member, "editor"));
    const cookie = await signInCookie(member);
    const created = await callAction(action("createKey"), { name: "leaver key", role: "editor" }, { cookie });
    const key = (created.result!.data as { key: string }).key;
    expect((await api("GET", "/assistants", { key })).status).toBe(200);
    // Asking for more than one's own role is refused on the role field.
    const tooMuch = await callAction(action("createKey"), { name: "greedy", role: "owner" }, { cookie });
    expect(tooMuch.result).toMatchObject({ ok: false, code: "forbidden", fieldErrors: { role: ["At most 'editor', your own role."] } });

    expect((await callAction(action("removeFromWorkspace"), { id: memberId }, { cookie: ownerCookie })).result).toMatchObject({ ok: true });
    expect((await api("GET", "/assistants", { key })).status).toBe(401);
    const keyRow = await db((prisma) => prisma.apiKey.findFirstOrThrow({ where: { name: "leaver key" } }));
    expect(keyRow.revokedAt).not.toBeNull();
    const events = await db((prisma) => prisma.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "member.removed" } }));
    expect(events).toEqual([expect.objectContaining({ actorLabel: owner.email, targetLabel: member.email })]);
  });
});

describe("workspaces", () => {
  it("a new workspace is its creator's, becomes the one they work in, and switching back works", async () => {
    await api("POST", "/assistants", { key: workspace.apiKey, json: { model: "m", name: "home marker" } });
    const names = async () => ((await api("GET", "/assistants", { headers: { cookie: ownerCookie } })).body.data as { name: string }[]).map((a) => a.name);
    expect(await names()).toContain("home marker");

    const made = await callAction(action("createWorkspace"), { name: "Side project" }, { cookie: ownerCookie });
    expect(made.result).toMatchObject({ ok: true });
    const created = await db((prisma) => prisma.workspace.findFirstOrThrow({ where: { name: "Side project", members: { some: { userId: owner.id, role: "owner" } } } }));
    expect((made.result!.data as { workspaceId: string }).workspaceId).toBe(created.id);
    // The same session now works in the new, empty workspace…
    expect(await names()).toEqual([]);
    // …and back in the first one after switching.
    expect((await callAction(action("switchWorkspace"), { workspaceId: workspace.id }, { cookie: ownerCookie })).result).toMatchObject({ ok: true });
    expect(await names()).toContain("home marker");
  });
});
