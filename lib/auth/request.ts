import "server-only";
import { redactKey, resolveApiKey } from "@/lib/auth/api-keys";
import type { Caller } from "@/lib/auth/caller";
import { clientIp } from "@/lib/auth/client-ip";
import { crossOriginReason } from "@/lib/auth/origin";
import { hasSessionCookie } from "@/lib/auth/paths";
import { callerFromSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { defaultWorkspaceReady } from "@/lib/workspaces/service";

// The caller of an /api/v1 request: an API key (`Authorization: Bearer …`, what the SDKs send), or
// the console's session cookie (the playground calls the API from the browser). Cookie-borne writes
// must come from our own origin: SameSite=Lax already keeps cross-site forms out, and this also
// refuses same-site pages on other ports or subdomains.

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const missingKey = () =>
  new AppError(
    "unauthorized",
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    { apiCode: "missing_api_key" },
  );

export async function callerFromRequest(request: Request): Promise<Caller> {
  const header = request.headers.get("authorization");
  if (header === null) return callerFromCookie(request);
  const match = BEARER.exec(header);
  if (!match) {
    throw new AppError("unauthorized", "Malformed Authorization header: expected 'Bearer YOUR_KEY'.", {
      apiCode: "invalid_authorization_header",
    });
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
    role: owner.role,
    userId: null,
    keyId: owner.keyId,
    label: owner.keyId ? `API key “${owner.name}”` : "Admin key (ATELIER_ADMIN_KEY)",
    ip: clientIp(request.headers),
  };
}

async function callerFromCookie(request: Request): Promise<Caller> {
  if (!hasSessionCookie(request.headers.get("cookie"))) throw missingKey();
  if (!SAFE_METHODS.has(request.method) && crossOriginReason(request.headers) !== null) {
    throw new AppError("forbidden", "Cross-origin requests cannot use the console's session; send an API key.", {
      apiCode: "cross_origin_session",
    });
  }
  const caller = await callerFromSession(request.headers);
  if (!caller) {
    throw new AppError("unauthorized", "Your console session has expired or you are no longer a member of a workspace; sign in again.", {
      apiCode: "invalid_session",
    });
  }
  return caller;
}
