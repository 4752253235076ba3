// Security headers. Pages get a Content Security Policy with a fresh nonce per request (proxy.ts),
// which Next puts on its own inline scripts; everything else gets a fixed strict set (next.config.ts).

/** The page policy. No 'unsafe-eval' outside development (React's dev tooling needs it there). */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': scripts that Next's nonce'd bootstrap loads are trusted; nothing else.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Inline style attributes (React's `style`, editors' measured layouts) cannot carry a nonce.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** On every response, pages and API alike. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // For browsers without CSP frame-ancestors; the API gets frame-ancestors via its own CSP below.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** API responses are data, never documents: nothing in them may run or be framed. */
/**
 * Every API response's Cache-Control. no-store: API objects are per caller and change, so no
 * shared cache may keep one, errors included. no-transform: nothing on the API is compressed,
 * by Next (it gzips every body it streams, whatever its size: ~15% of a small request's CPU and
 * ~18% of a streamed token's, bench:runs) or by a proxy (which would buffer run events that must
 * arrive token by token, and alter files' bytes). Put a compressing proxy in front if you need it.
 */
export const API_CACHE_CONTROL = "no-store, no-transform";

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
