import { randomBytes } from "node:crypto";
import { Server, type IncomingMessage } from "node:http";

// The TCP peer of each request, for per-address limits. Next 16 gives route handlers and server
// actions only headers, and `next start` fills X-Forwarded-For from the socket only when the
// request has none (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so a
// client that sends its own chooses what the app reads. Installed from instrumentation.ts (once, in
// the server process, before Next serves its first request), this hook sees every request as Node
// emits it, while the socket is still at hand:
//  - it records the socket's address under a header name drawn at random per process, which no
//    client can know, so no client can send it (a request that reached Next before the hook was
//    installed simply has none: lib/auth/client-ip.ts then has no address, never a forged one);
//  - unless ATELIER_TRUST_PROXY, it removes the client's X-Forwarded-For and X-Forwarded-Host, so
//    Next fills them from the socket and Host, and nothing downstream (better-auth's session IP,
//    Next's own server-action origin check) believes the client's.

import { HEADER_KEY, type WithHeader } from "@/lib/auth/peer-header";

const UNTRUSTED_FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host"];

/** Prepares a request as it arrives; exported for its unit test. */
export function stampRequest(request: Pick<IncomingMessage, "headers" | "socket">, header: string, trustProxy: boolean): void {
  if (!trustProxy) for (const name of UNTRUSTED_FORWARDING_HEADERS) delete request.headers[name];
  const address = request.socket?.remoteAddress;
  if (address) request.headers[header] = address;
  else delete request.headers[header];
}

export function installPeerAddressHook(trustProxy: boolean): void {
  const global = globalThis as WithHeader;
  if (global[HEADER_KEY]) return;
  const header = `x-atelier-peer-${randomBytes(12).toString("hex")}`;
  global[HEADER_KEY] = header;
  // `Server.prototype.emit` rather than a listener: `next start` creates its server before the app
  // (and this file) is loaded, and does not expose it.
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stampRequest(args[0] as IncomingMessage, header, trustProxy);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
