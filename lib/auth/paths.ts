// Shared by proxy.ts and lib/auth/gate.ts: the request path, set by the proxy for pages.
export const PATH_HEADER = "x-atelier-path";

/**
 * A safe place to go after signing in: one of our own paths, never another site. `//evil.example`
 * and `/\\evil.example` are protocol-relative URLs to browsers, so they are refused too.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f]/.test(next)) return "/assistants";
  return next;
}
