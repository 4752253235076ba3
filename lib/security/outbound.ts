import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";

// The rules for requests Atelier makes to URLs that people give it (an assistant's webhook_url, an
// MCP server's in lib/mcp/client.ts; plugin calls next): without them anyone who may edit an
// assistant could make the server call its own database, a cloud metadata endpoint
// (169.254.169.254) or anything else on its network. Only https, and only public addresses, unless
// the host is in ATELIER_TOOL_ALLOWED_HOSTS (then private addresses and plain http are fine: a
// receiver on your own network, localhost in tests). The address is checked after DNS resolution,
// at connect time (`guardedLookup`), so a name that resolves to a private address, or changes its
// answer between a check and the request, is refused. Callers never let undici follow a redirect
// (the MCP SDK follows same-origin ones itself, through the same checks).

/** Why an outbound URL or address was refused, in words for the person who gave it. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

/** Only globally routable unicast addresses; IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  // Everything else ipaddr.js names (private, loopback, linkLocal, uniqueLocal, carrierGradeNat,
  // reserved, 6to4, teredo, rfc6052, …) may lead inside a network.
  return parsed.range() === "unicast";
}

/** An allow-list entry: `name`, `name:port`, an IP, `[v6]` or `[v6]:port`. */
function parseEntry(entry: string): { host: string; port: string | undefined } | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:\s]+)|([0-9a-f:.]+))(?::(\d+))?$/i.exec(entry.trim());
  if (!match) return null;
  // A bare IPv6 literal has colons of its own: no port can be told apart from it.
  if (match[3]) return { host: match[3].toLowerCase(), port: undefined };
  return { host: (match[1] ?? match[2])!.toLowerCase(), port: match[4] };
}

const bare = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, "");

/** Whether `host` on `port` is in the allow-list (an entry without a port allows every port). */
export function isAllowedHost(host: string, port: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const parsed = parseEntry(entry);
    return parsed !== null && parsed.host === bare(host) && (parsed.port === undefined || parsed.port === port);
  });
}

/** Whether `host` is in the allow-list on some port (what a DNS lookup, which knows no port, can ask). */
function isAllowedName(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => parseEntry(entry)?.host === bare(host));
}

const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/**
 * Checks what can be checked before connecting: the scheme, no credentials in the URL, and an
 * address written as a literal IP. Names are checked when they resolve (guardedLookup).
 */
export function checkOutboundUrl(raw: string | URL, allowed: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused("The URL is not a valid absolute URL.");
  }
  const allowedHost = isAllowedHost(url.hostname, defaultPort(url), allowed);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowedHost)) {
    throw new OutboundRefused(url.protocol === "http:" ? `Only https URLs are called; ${url.hostname} is not in ATELIER_TOOL_ALLOWED_HOSTS, which may use http.` : `Only https URLs are called, not ${url.protocol}.`);
  }
  if (url.username || url.password) throw new OutboundRefused("The URL may not carry a user name or password.");
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(literal) && !allowedHost && !isPublicAddress(literal)) {
    throw new OutboundRefused(`${literal} is not a public address; add the host to ATELIER_TOOL_ALLOWED_HOSTS to allow it.`);
  }
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections (undici's `connect.lookup`): resolves as usual, then refuses
 * the connection unless every address is public or the host is allowed. Every address, not the
 * first: a name with one public and one private answer could otherwise reach the private one on
 * a retry or through happy-eyeballs.
 */
export function guardedLookup(allowed: () => readonly string[]) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      // The port is not known here; checkOutboundUrl has held the URL's port to the entry's.
      const open = isAllowedName(hostname, allowed());
      const refused = open ? undefined : list.find((address) => !isPublicAddress(address.address));
      if (refused) {
        const failure = new OutboundRefused(`${hostname} resolves to ${refused.address}, which is not a public address; add the host to ATELIER_TOOL_ALLOWED_HOSTS to allow it.`) as NodeJS.ErrnoException;
        failure.code = "EOUTBOUNDREFUSED";
        return callback(failure, []);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
