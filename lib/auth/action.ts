import "server-only";
import { headers as requestHeaders } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireRole, type Caller } from "@/lib/auth/caller";
import type { Role } from "@/lib/auth/roles";
import { currentMembership, readSession, userCaller, type UserSession } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/auth/action-result";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { assertWellFormedText, parseOrThrow } from "@/lib/validation";

// The wrapper every server action goes through. In order: who is calling (session cookie, then the
// membership of the workspace they work in, read fresh), what they may do (role), what they sent
// (the resource's zod schema, the same one the form and the API use). Failures come back as
// `{ ok: false, code, message, fieldErrors }` with react-hook-form field names; nothing throws to
// the client except Next's own redirects.

export type { ActionResult } from "@/lib/auth/action-result";

export type Action<T> = (input: unknown) => Promise<ActionResult<T>>;

function failure(error: unknown): ActionResult<never> {
  unstable_rethrow(error);
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  log.error("server action failed", { error });
  return { ok: false, code: "internal", message: "Something went wrong on our side. Try again; if it keeps failing, check the server log.", fieldErrors: {} };
}

/**
 * The action's input through its schema. Lone surrogates are refused first with field names inside
 * `values`, where the editor's actions carry the form (parseOrThrow would name them `values.name`).
 */
function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  assertWellFormedText(raw, { fieldsUnder: "values" });
  return parseOrThrow(schema, raw);
}

const signedOut = (): ActionResult<never> => ({
  ok: false,
  code: "unauthenticated",
  message: "Your session has ended. Sign in again.",
  fieldErrors: {},
});

/** Anyone, signed in or not (sign-in, first-run set-up, accepting an invitation with a new account). */
export function publicAction<S extends z.ZodType, T>(schema: S, run: (args: { input: z.output<S>; headers: Headers }) => Promise<T>): Action<T> {
  return async (raw) => {
    try {
      const headers = await requestHeaders();
      return { ok: true, data: await run({ input: parseInput(schema, raw), headers }) };
    } catch (error) {
      return failure(error);
    }
  };
}

/** A signed-in person, whatever their workspaces (switching workspace, changing their password). */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  run: (args: { input: z.output<S>; session: UserSession; headers: Headers }) => Promise<T>,
): Action<T> {
  return signedIn(async (raw, session, headers) => run({ input: parseInput(schema, raw), session, headers }));
}

/** A member of the workspace they are working in, with at least `role`. */
export function workspaceAction<S extends z.ZodType, T>(
  options: { role: Role; schema: S },
  run: (args: { input: z.output<S>; caller: Caller; session: UserSession; headers: Headers }) => Promise<T>,
): Action<T> {
  return signedIn(async (raw, session, headers) => {
    const membership = await currentMembership(session.user.id, session.activeWorkspaceId);
    if (!membership) throw new AppError("forbidden", "You are no longer a member of this workspace.");
    const caller = userCaller(session, membership, headers);
    requireRole(caller, options.role);
    return run({ input: parseInput(options.schema, raw), caller, session, headers });
  });
}

/** The session first (signed out → `unauthenticated`), then `run`; every failure becomes a result. */
function signedIn<T>(run: (raw: unknown, session: UserSession, headers: Headers) => Promise<T>): Action<T> {
  return async (raw) => {
    try {
      const headers = await requestHeaders();
      const session = await readSession(headers);
      if (!session) return signedOut();
      return { ok: true, data: await run(raw, session, headers) };
    } catch (error) {
      return failure(error);
    }
  };
}
