// Shared by proxy.ts (which runs before any page) and lib/auth: plain constants and checks, no
// server-only imports.

/** The request path, set by the proxy for pages (lib/auth/gate.ts sends people back to it). */
export const PATH_HEADER = "x-atelier-path";

/** better-auth's cookie prefix (lib/auth/better-auth.ts); the session cookie is `<prefix>.session_token`. */
export const COOKIE_PREFIX = "atelier";

const SESSION_COOKIE = new RegExp(`(?:^|;\\s*)(?:__Secure-)?${COOKIE_PREFIX}\\.session_token=`);

/** Whether a Cookie header carries a session cookie at all (not whether the session is valid). */
export const hasSessionCookie = (cookieHeader: string | null): boolean => SESSION_COOKIE.test(cookieHeader ?? "");

/**
 * A safe place to go after signing in: one of our own paths, never another site. `//evil.example`
 * and `/\\evil.example` are protocol-relative URLs to browsers, so they are refused too.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f]/.test(next)) return "/assistants";
  return next;
}
