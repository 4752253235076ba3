import { getEnv } from "@/lib/env";

// Is a state-changing browser request from one of our own pages? Shared by proxy.ts (server
// actions and any other non-GET page request) and lib/auth/request.ts (the API used with the
// console's session cookie). Next checks server actions itself, but lets a request without Origin
// through and believes X-Forwarded-Host from anyone; here both count only as the settings say.

/** The host the browser addressed: a trusted proxy's X-Forwarded-Host (first entry), else Host. */
export function requestHost(headers: Headers): string | null {
  if (getEnv().ATELIER_TRUST_PROXY) {
    const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.toLowerCase();
  }
  return headers.get("host")?.toLowerCase() ?? null;
}

/**
 * Why the request is not same-origin, or null when it is. Browsers send `Origin` on every POST and
 * `Sec-Fetch-Site` on every request; a script (curl, the tests) sends the Origin it means.
 */
export function crossOriginReason(headers: Headers): string | null {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return `the request came from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.get("origin");
  if (!origin) return "the request has no Origin header";
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return "the request's Origin is not a URL"; // includes the opaque origin "null"
  }
  const host = requestHost(headers);
  if (!host || originUrl.host !== normalHost(originUrl.protocol, host)) return `the request's Origin (${origin}) is not this site`;
  return null;
}

/**
 * `host` as URL writes it for `protocol`: lower case, the scheme's default port dropped (a proxy
 * may forward `example.com:443` where the browser's Origin says `https://example.com`).
 */
function normalHost(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}
