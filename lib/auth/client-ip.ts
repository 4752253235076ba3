import { getEnv } from "@/lib/env";

// The client's address for throttling and the activity log. Next's server records the socket's
// peer in X-Forwarded-For (appending to whatever the client sent), so the LAST entry is the one a
// client cannot forge; behind a trusted proxy (ATELIER_TRUST_PROXY) the first entry is the client.

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const entries = forwarded?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
  const pick = getEnv().ATELIER_TRUST_PROXY ? entries[0] : entries.at(-1);
  return pick ?? headers.get("x-real-ip") ?? null;
}
