import "server-only";
import { Agent } from "undici";
import { guardedLookup } from "@/lib/security/outbound";

// The one way to make an undici dispatcher for user-given URLs: every connection's address is
// checked after DNS (guardedLookup), so a name resolving to a private address is refused at
// connect time. Callers still check the URL first (checkOutboundUrl) and never let undici follow
// a redirect. One Agent per (allow-list, timeout) so keep-alive connections are shared between
// calls; keyed on the array's identity, which lib/env.ts parses once per process, and weakly, so
// a list no longer used takes its agents with it.

const agents = new WeakMap<readonly string[], Map<number, Agent>>();

/** The guarded dispatcher for `allowed` (ATELIER_TOOL_ALLOWED_HOSTS) with `timeoutMs` for connecting, headers and each body read. */
export function outboundDispatcher(allowed: readonly string[], timeoutMs: number): Agent {
  let byTimeout = agents.get(allowed);
  if (!byTimeout) {
    byTimeout = new Map();
    agents.set(allowed, byTimeout);
  }
  let agent = byTimeout.get(timeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(() => allowed), timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 10_000 });
    byTimeout.set(timeoutMs, agent);
  }
  return agent;
}
