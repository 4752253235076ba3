import "server-only";
import { headers } from "next/headers";

/**
 * The origin the browser used to reach the console, so snippets show a URL that works from where
 * the reader sits. Behind a reverse proxy the forwarded headers name the public host and scheme.
 * Only used to display snippets: a forged Host header only changes what its own sender sees.
 */
export async function requestOrigin(): Promise<string> {
  const list = await headers();
  const first = (value: string | null) => value?.split(",")[0]?.trim() || null;
  const host = first(list.get("x-forwarded-host")) ?? list.get("host") ?? "localhost:3000";
  const proto = first(list.get("x-forwarded-proto")) ?? "http";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
