import "server-only";
import { isAPIError } from "better-auth/api";
import { toAppError } from "@/lib/auth/auth-errors";
import { getAuth, authFor } from "@/lib/auth/better-auth";
import { clientIp } from "@/lib/auth/client-ip";
import type { AcceptInviteSignUpInput, ChangePasswordInput, SetupInput, SignInInput } from "@/lib/auth/schema";
import { assertNotLockedAfterFailure, beginSignInAttempt, signInSucceeded } from "@/lib/auth/throttle";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { acceptInvitation } from "@/lib/workspaces/members";
import { claimDefaultWorkspace } from "@/lib/workspaces/service";

// People: the first owner (set-up page or ATELIER_ADMIN_EMAIL/PASSWORD), sign-in, sign-out and
// password changes. Passwords are hashed and sessions issued by better-auth; server actions call
// these with the request's headers, and better-auth's nextCookies plugin sets or clears the cookie.

// A row only one set-up can insert: two people submitting the set-up form at once get one owner.
const SETUP_CLAIM_ID = "first-owner-setup";

let usersExist = false;

/** Whether anyone has an account yet (cached once true: accounts are not deleted). */
export async function hasUsers(): Promise<boolean> {
  if (usersExist) return true;
  await ensureBootstrapOwner();
  usersExist = (await getDb().user.count()) > 0;
  return usersExist;
}

let bootstrap: Promise<void> | null = null;

/** Creates the owner named by ATELIER_ADMIN_EMAIL/PASSWORD when nobody has an account yet. Idempotent. */
export function ensureBootstrapOwner(): Promise<void> {
  const { ATELIER_ADMIN_EMAIL: email, ATELIER_ADMIN_PASSWORD: password } = getEnv();
  if (!email || !password) return Promise.resolve();
  bootstrap ??= createBootstrapOwner(email.toLowerCase(), password).catch((error: unknown) => {
    bootstrap = null;
    throw error;
  });
  return bootstrap;
}

async function createBootstrapOwner(email: string, password: string): Promise<void> {
  if (!(await claimSetup())) return;
  try {
    const ctx = await getAuth(false).$context;
    const user = await ctx.internalAdapter.createUser(
      { email, name: email.split("@")[0] ?? email, emailVerified: true },
      { method: "email-password" },
    );
    await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: await ctx.password.hash(password) });
    await claimDefaultWorkspace(user.id, null);
    log.info("created the first owner from ATELIER_ADMIN_EMAIL", { userId: user.id });
  } catch (error) {
    await releaseSetup(email);
    throw error;
  }
}

/** A set-up that failed half-way leaves nothing behind, so it (or the set-up page) can run again. */
async function releaseSetup(email: string): Promise<void> {
  await getDb().user.deleteMany({ where: { email } }).catch(() => {});
  await getDb().verification.deleteMany({ where: { id: SETUP_CLAIM_ID } }).catch(() => {});
}

/** True for the one caller that may create the first owner; false once anyone has. */
async function claimSetup(): Promise<boolean> {
  const db = getDb();
  if ((await db.user.count()) > 0) return false;
  const claimed = await db.verification.createMany({
    data: [{ id: SETUP_CLAIM_ID, identifier: SETUP_CLAIM_ID, value: "claimed", expiresAt: new Date("9999-12-31T00:00:00Z") }],
    skipDuplicates: true,
  });
  if (claimed.count === 0) return false;
  if ((await db.user.count()) > 0) return false;
  return true;
}

const alreadySetUp = () => new AppError("conflict", "Atelier is already set up. Sign in instead.", { apiCode: "already_set_up" });

/** The set-up page: the first owner, signed in, owning the default workspace under the name given. */
export async function setUpFirstOwner(input: SetupInput, headers: Headers): Promise<void> {
  if (!(await claimSetup())) throw alreadySetUp();
  try {
    const result = await authFor(headers).api.signUpEmail({ body: { name: input.name, email: input.email, password: input.password }, headers });
    await claimDefaultWorkspace(result.user.id, input.workspaceName);
    usersExist = true;
  } catch (error) {
    await releaseSetup(input.email);
    throw toAppError(error);
  }
}

/** Same message for an unknown email and a wrong password: the form must not reveal who has an account. */
const WRONG_CREDENTIALS = "Email or password is incorrect.";

export async function signIn(input: SignInInput, headers: Headers): Promise<void> {
  const who = { email: input.email, ip: clientIp(headers) };
  await beginSignInAttempt(who);
  try {
    await authFor(headers).api.signInEmail({ body: { email: input.email, password: input.password, rememberMe: true }, headers });
  } catch (error) {
    if (isAPIError(error) && (error.status === "UNAUTHORIZED" || error.body?.code === "INVALID_EMAIL_OR_PASSWORD")) {
      // This failure may have been the one that locks: say so now rather than on the next try.
      await assertNotLockedAfterFailure(who);
      throw new AppError("unauthorized", WRONG_CREDENTIALS, { apiCode: "invalid_credentials", fieldErrors: { password: [WRONG_CREDENTIALS] } });
    }
    throw toAppError(error);
  }
  await signInSucceeded(who);
}

export async function signOut(headers: Headers): Promise<void> {
  await authFor(headers).api.signOut({ headers });
}

/** Other sessions of the account end: a changed password is often a suspected leak. */
export async function changePassword(userEmail: string, input: ChangePasswordInput, headers: Headers): Promise<void> {
  const who = { email: userEmail, ip: clientIp(headers) };
  // A stolen session must not become a way around the sign-in lock: same counting.
  await beginSignInAttempt(who);
  try {
    await authFor(headers).api.changePassword({
      body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      headers,
    });
  } catch (error) {
    if (isAPIError(error) && error.body?.code === "INVALID_PASSWORD") {
      await assertNotLockedAfterFailure(who);
      throw new AppError("invalid_request", "The current password is not right.", { fieldErrors: { currentPassword: ["The current password is not right."] } });
    }
    throw toAppError(error);
  }
  await signInSucceeded(who);
}


/**
 * A new account for someone holding an invitation, which also accepts it. The email is the one the
 * invitation was made for (not typed in), so an invite link cannot make accounts for other addresses.
 */
export async function signUpWithInvitation(input: AcceptInviteSignUpInput, headers: Headers): Promise<string> {
  const invitation = await getDb().invitation.findFirst({
    where: { id: input.invitationId, status: "pending", expiresAt: { gt: new Date() } },
    select: { email: true },
  });
  if (!invitation) throw new AppError("not_found", "This invitation is no longer valid. Ask the workspace owner for a new link.");
  let result;
  try {
    result = await authFor(headers).api.signUpEmail({ body: { name: input.name, email: invitation.email, password: input.password }, headers });
  } catch (error) {
    throw toAppError(error);
  }
  usersExist = true;
  const workspaceId = await acceptInvitation(result.user, input.invitationId, clientIp(headers));
  await getDb().session.updateMany({ where: { token: result.token ?? "" }, data: { activeWorkspaceId: workspaceId } });
  return workspaceId;
}
