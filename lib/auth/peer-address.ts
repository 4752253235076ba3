import type { IncomingMessage } from "node:http";

// The TCP peer of each request, for per-address limits. Next 16 gives route handlers and server
// actions only headers, and `next start` fills X-Forwarded-For from the socket only when the
// request has none (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so a
// client that sends its own chooses what the app reads. So every request is stamped as Node emits
// it, while the socket is still at hand (lib/server/incoming.ts):
//  - it records the socket's address under a header name drawn at random per process
//    (lib/auth/peer-header.ts), which no client can know, so no client can send it;
//  - unless ATELIER_TRUST_PROXY, it removes the client's X-Forwarded-For and X-Forwarded-Host, so
//    Next fills them from the socket and Host, and nothing downstream (better-auth's session IP,
//    Next's own server-action origin check) believes the client's.

const UNTRUSTED_FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host"];

/** Prepares a request as it arrives; exported for its unit test. */
export function stampRequest(request: Pick<IncomingMessage, "headers" | "socket">, header: string, trustProxy: boolean): void {
  if (!trustProxy) for (const name of UNTRUSTED_FORWARDING_HEADERS) delete request.headers[name];
  const address = request.socket?.remoteAddress;
  if (address) request.headers[header] = address;
  else delete request.headers[header];
}
