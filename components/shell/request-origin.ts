import "server-only";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";

/**
 * The console's public origin (ATELIER_PUBLIC_URL), else the one the browser used to reach it, so
 * snippets and invite links show a URL that works from where the reader sits. Behind a reverse proxy the forwarded headers name the public host and scheme.
 * Only used for what a page shows (snippets, invite links): a forged Host header only changes what
 * its own sender sees.
 */
export async function requestOrigin(): Promise<string> {
  // The configured public URL wins: invite links and snippets are read from elsewhere too.
  const configured = getEnv().ATELIER_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const list = await headers();
  const first = (value: string | null) => value?.split(",")[0]?.trim() || null;
  const host = first(list.get("x-forwarded-host")) ?? list.get("host") ?? "localhost:3000";
  const proto = first(list.get("x-forwarded-proto")) ?? "http";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
