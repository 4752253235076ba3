import { getEnv } from "@/lib/env";

// The client's address, for sign-in throttling and the activity log. Next fills X-Forwarded-For
// with the socket's peer address only when the request has none (base-server: `??=`), so:
//  - behind a reverse proxy (ATELIER_TRUST_PROXY=true), the proxy appends the address it saw and
//    the last entry is the client as that proxy saw it;
//  - exposed directly, a client that sends its own header chooses what we read. The per-address
//    limit is then only a speed bump; the per-account limit (lib/auth/throttle.ts) does not depend
//    on it. Put Atelier behind a proxy when it faces the internet.

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const entries = forwarded?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
  if (entries.length === 0) return null;
  // Untrusted: the whole chain, so a forged prefix does not let one client pose as another's address.
  return getEnv().ATELIER_TRUST_PROXY ? entries.at(-1)! : entries.join(", ").slice(0, 200);
}
