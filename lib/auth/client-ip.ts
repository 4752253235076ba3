import { peerAddressHeader } from "@/lib/auth/peer-header";
import { getEnv } from "@/lib/env";

// The client's address, for sign-in throttling and the activity log.
//  - Behind a reverse proxy (ATELIER_TRUST_PROXY=true), the proxy appends the address it saw to
//    X-Forwarded-For: the last entry is the client as that proxy saw it.
//  - Otherwise the socket's own peer, as lib/auth/peer-address.ts recorded it: whatever a client
//    writes into X-Forwarded-For is ignored (and removed). No recorded address → null, and only
//    the per-account limit (lib/auth/throttle.ts) applies.

export function clientIp(headers: Headers): string | null {
  if (getEnv().ATELIER_TRUST_PROXY) {
    const entries = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
    return entries.at(-1) ?? null;
  }
  const header = peerAddressHeader();
  return (header && headers.get(header)?.trim()) || null;
}
