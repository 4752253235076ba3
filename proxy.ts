import { NextResponse, type NextRequest } from "next/server";
import { crossOriginReason } from "@/lib/auth/origin";
import { PATH_HEADER, hasSessionCookie } from "@/lib/auth/paths";
import { contentSecurityPolicy } from "@/lib/security/headers";

// Runs before every page (not the API, static files or Next's assets: see `config`).
//  - A request to a page that is not GET/HEAD is a server action (or a form posting to one): it
//    must come from our own origin (lib/auth/origin.ts), refused with 403 before the action runs.
//  - A fresh CSP nonce per request; Next reads it from the request's policy header and puts it on
//    its own scripts, and the browser gets the same policy.
//  - The path, so a page that needs sign-in can send people back to it afterwards.
//  - No session cookie at all on a console page → straight to sign-in, without rendering. This is
//    only a shortcut: layouts and actions check the session itself (lib/auth/gate.ts).

const PUBLIC_PATHS = [/^\/sign-in\/?$/, /^\/setup\/?$/, /^\/invite\//];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function proxy(request: NextRequest): Response {
  const { pathname, search } = request.nextUrl;
  if (!SAFE_METHODS.has(request.method)) {
    const reason = crossOriginReason(request.headers);
    if (reason) return new Response(`Forbidden: ${reason}.`, { status: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const isPublic = PUBLIC_PATHS.some((pattern) => pattern.test(pathname));
  // Only page loads are redirected: a server action (a POST) answers "unauthenticated" itself.
  const isPageLoad = request.method === "GET" || request.method === "HEAD";
  if (isPageLoad && !isPublic && !hasSessionCookie(request.headers.get("cookie"))) {
    const target = request.nextUrl.clone();
    target.pathname = "/sign-in";
    target.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(target);
  }

  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  headers.set(PATH_HEADER, pathname + search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon|apple-icon|robots.txt).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
    // A server action's request marked as a prefetch must still meet the origin check above.
    { source: "/((?!api/|_next/static|_next/image).*)", has: [{ type: "header", key: "next-action" }] },
  ],
};
