import { badEncoding } from "@/lib/api/guard";
import { STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import type { Refusal } from "@/lib/api/guard";

// A console address whose percent-encoding is not UTF-8 (`/assistants/asst_%ZZ`, a link cut in
// half): Next fails decoding the page's params before any page code runs and answers a bare 500,
// as it did on the API. It is the address that is wrong, so it gets a 400 page that says so.

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Atelier</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.25rem">This address is not valid</h1>
<p>Part of it is not valid percent-encoded text, often a link that was cut or changed on its way here.</p>
<p><a href="/">Go to the console</a></p></body></html>`;

/** The refusal for a non-API request line with a badly encoded path, or null. */
export function refuseBadPagePath(url: string): Refusal | null {
  const pathname = url.split("?")[0]!;
  if (pathname.startsWith("/api/") || !badEncoding(pathname)) return null;
  const headers: Record<string, string> = {};
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key.toLowerCase()] = value;
  // Static page, no script: nothing for a nonce to allow.
  Object.assign(headers, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" });
  return { status: 400, headers, body: PAGE };
}
