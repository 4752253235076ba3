import "server-only";
import { AppError } from "@/lib/errors";
import { redactKey, resolveApiKey } from "@/lib/auth/api-keys";
import { DEFAULT_WORKSPACE_ID, defaultWorkspaceReady } from "@/lib/workspaces/service";

// The one gate: every route handler and server action learns who is calling and which workspace
// they may touch from here, before anything else. Services take the workspace from the caller,
// never from request input.

export type Role = "owner" | "editor" | "viewer";

export type Caller = {
  kind: "api_key" | "admin_key" | "console";
  workspaceId: string;
  keyId: string | null;
  role: Role;
};

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export async function callerFromRequest(request: Request): Promise<Caller> {
  const header = request.headers.get("authorization");
  if (!header) {
    throw new AppError(
      "unauthorized",
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      { apiCode: "missing_api_key" },
    );
  }
  const match = BEARER.exec(header);
  if (!match) {
    throw new AppError(
      "unauthorized",
      "Malformed Authorization header: expected 'Bearer YOUR_KEY'.",
      { apiCode: "invalid_authorization_header" },
    );
  }
  const key = match[1]!;
  const owner = await resolveApiKey(key);
  if (!owner) {
    throw new AppError("unauthorized", `Incorrect API key provided: ${redactKey(key)}.`, { apiCode: "invalid_api_key" });
  }
  if (!owner.keyId) await defaultWorkspaceReady();
  return {
    kind: owner.keyId ? "api_key" : "admin_key",
    workspaceId: owner.workspaceId,
    keyId: owner.keyId,
    // Keys carry their creator's role ceiling once accounts exist (issue 3); until then every key is an owner's.
    role: "owner",
  };
}

/**
 * The console's caller. Sign-in arrives with accounts and workspaces (issue 3); until then the
 * console acts in the default workspace and is served on loopback only by default (`npm start`).
 */
export async function consoleCaller(): Promise<Caller> {
  await defaultWorkspaceReady();
  return { kind: "console", workspaceId: DEFAULT_WORKSPACE_ID, keyId: null, role: "owner" };
}

export function requireWrite(caller: Caller): void {
  if (caller.role === "viewer") throw new AppError("forbidden", "This key or account can only read; it cannot make changes.");
}
