import { randomBytes } from "node:crypto";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { refuseUnroutable } from "@/lib/api/guard";
import { requestIdFrom } from "@/lib/api/request-id";
import { stampRequest } from "@/lib/auth/peer-address";
import { refuseBadPagePath } from "@/lib/server/bad-page-path";
import { HEADER_KEY, type WithHeader } from "@/lib/auth/peer-header";

// Every request as Node hands it to `next start`, before Next sees it. Installed once from
// instrumentation.ts, in the server process. `Server.prototype.emit` rather than a listener:
// `next start` creates its server before the app (and this file) is loaded, and does not expose it.
// Requests Next queued while it was starting were emitted before this: they carry no socket
// address (client-ip.ts then has none, never a forged one) and are routed as before.
//  1. the socket's address and the forwarding headers (lib/auth/peer-address.ts);
//  2. /api/v1 requests Next would answer outside OpenAI's shape (lib/api/guard.ts), and console
//     addresses Next cannot decode (lib/server/bad-page-path.ts).

function answered(request: IncomingMessage, response: ServerResponse): boolean {
  const header = request.headers["x-request-id"];
  const url = request.url ?? "/";
  const refusal = refuseUnroutable(request.method ?? "GET", url, requestIdFrom(Array.isArray(header) ? header[0] : header)) ?? refuseBadPagePath(url);
  if (!refusal) return false;
  response.writeHead(refusal.status, refusal.headers).end(refusal.body);
  return true;
}

export function installIncomingHook(trustProxy: boolean): void {
  const global = globalThis as WithHeader;
  if (global[HEADER_KEY]) return;
  const header = `x-atelier-peer-${randomBytes(12).toString("hex")}`;
  global[HEADER_KEY] = header;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      stampRequest(request, header, trustProxy);
      if (answered(request, response)) return true;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
