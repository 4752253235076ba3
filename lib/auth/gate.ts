import "server-only";
import { headers as requestHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { hasUsers } from "@/lib/auth/accounts";
import { PATH_HEADER } from "@/lib/auth/paths";
import type { Caller } from "@/lib/auth/caller";
import { listMemberships, pickMembership, readSession, userCaller, type Membership, type MembershipWithJoin, type UserSession } from "@/lib/auth/session";

// Pages and layouts: who is looking. One session read per request (React's cache), shared by the
// layout and the page. Not signed in → /sign-in (or /setup before anyone has an account); signed
// in but a member of no workspace → /no-workspace.


export type ConsoleContext = {
  session: UserSession;
  /** Every workspace the user is in (the header's switcher lists them). */
  memberships: MembershipWithJoin[];
  membership: Membership | null;
  caller: Caller | null;
};

export const getConsoleContext = cache(async (): Promise<ConsoleContext | null> => {
  const headers = await requestHeaders();
  const session = await readSession(headers);
  if (!session) return null;
  // One read serves the switcher and the workspace being worked in.
  const memberships = await listMemberships(session.user.id);
  const membership = pickMembership(memberships, session.activeWorkspaceId);
  return { session, memberships, membership, caller: membership ? userCaller(session, membership, headers) : null };
});

/** Where to send someone who is not signed in, back to where they were going afterwards. */
export async function signInRedirect(): Promise<never> {
  if (!(await hasUsers())) redirect("/setup");
  const path = (await requestHeaders()).get(PATH_HEADER);
  redirect(path && path !== "/" ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in");
}

export async function requirePageCaller(): Promise<{ caller: Caller; session: UserSession; membership: Membership; memberships: MembershipWithJoin[] }> {
  const context = await getConsoleContext();
  if (!context) return signInRedirect();
  if (!context.caller || !context.membership) redirect("/no-workspace");
  return { caller: context.caller, session: context.session, membership: context.membership, memberships: context.memberships };
}
