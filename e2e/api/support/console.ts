import { inject } from "vitest";
import { action, postAction, type ActionOptions, type ActionOutcome, type ActionRef } from "../../../scripts/lib/server-actions";
import type { Role } from "@/lib/auth/roles";
import type { Lib } from "./workspace";

// Server actions as the browser calls them (scripts/lib/server-actions.ts), on the test server, and
// the accounts they act as.

export { action, listActions, type ActionOutcome, type ActionRef } from "../../../scripts/lib/server-actions";

/** `origin: null` sends no Origin; `headers` are added as given (e.g. Sec-Fetch-Site, X-Forwarded-Host). */
export function callAction(ref: ActionRef, input: unknown, opts: ActionOptions = {}): Promise<ActionOutcome> {
  return postAction(inject("baseURL"), ref, input, opts);
}

export const PASSWORD = "correct horse battery staple";

export type TestUser = { id: string; email: string; password: string };

/** An account with a password, made through better-auth's own adapter and hasher. Call inside `provision`. */
export async function createUser(lib: Lib, label: string, password = PASSWORD): Promise<TestUser> {
  const email = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const auth = lib.betterAuth.getAuth(false);
  const ctx = await auth.$context;
  const user = await ctx.internalAdapter.createUser({ email, name: label, emailVerified: true }, { method: "email-password" });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: await ctx.password.hash(password) });
  return { id: user.id, email, password };
}

/** Makes `user` a member of the workspace with `role`; returns the membership id. */
export async function addMember(lib: Lib, workspaceId: string, user: TestUser, role: Role): Promise<string> {
  const id = `mem_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  await lib.db.getDb().member.create({ data: { id, workspaceId, userId: user.id, role } });
  return id;
}

/** Signs in through the sign-in action, as the browser does; returns the session cookie. */
export async function signInCookie(user: TestUser): Promise<string> {
  const outcome = await callAction(action("signIn"), { email: user.email, password: user.password });
  if (!outcome.sessionCookie) throw new Error(`sign-in of ${user.email} failed: ${JSON.stringify(outcome.result)}`);
  return outcome.sessionCookie;
}
