import "server-only";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { outboundDispatcher } from "@/lib/security/outbound-http";
import { redactSecrets } from "@/lib/tools/output";

// Talking to a registered MCP server (streamable HTTP) with the official SDK's client, under the
// outbound rules (lib/security/outbound.ts): every request, and every redirect the SDK follows
// within the server's origin, goes through `guardedFetch`, which checks its URL before connecting,
// resolves names with `guardedLookup` (so the address checked is the one connected to) and never
// lets undici follow a redirect. Requests carry the server's own headers and nothing of Atelier's:
// undici's fetch has no cookie jar, and nothing from the incoming request is passed on. Failures
// become McpUnreachable with a message for people, with the server's secrets taken out.
// The SDK is imported when first needed (~170 ms), not when the app starts.

export type McpEndpoint = {
  url: string;
  /** What every request carries: the server's headers, and `Authorization: Bearer …` when it has a token. */
  headers: Record<string, string>;
};

export type McpClientOptions = {
  /** ATELIER_TOOL_ALLOWED_HOSTS. */
  allowed: readonly string[];
  /** For everything together: connecting, initialising and the requests `work` makes. */
  timeoutMs: number;
  signal?: AbortSignal;
};

/** A tool as tools/list describes it (only what Atelier keeps). */
export type McpToolInfo = {
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown> | null;
};

/** Why an MCP server could not be used, in words that name no secret. */
export class McpUnreachable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "McpUnreachable";
  }
}

/** The most tools one listing keeps, and the most pages it asks for to get them. */
export const MCP_LIST_LIMITS = { tools: 512, pages: 16 } as const;

const CLIENT_INFO = { name: "atelier", version: "1.0.0" };

function guardedFetch(allowed: readonly string[], dispatcher: Agent, deadline: AbortSignal) {
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = checkOutboundUrl(input, allowed);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const response = await undiciFetch(url, { ...(init as UndiciRequestInit), signal, redirect: "manual", dispatcher });
    // undici's Response has the standard shape; its type comes from undici's own declarations.
    return response as unknown as Response;
  };
}

/**
 * Connects to the server, hands the client to `work`, and closes it: one connection per use (the
 * servers Atelier calls are remote and mostly stateless; reuse can come when runs need it).
 */
export async function withMcpClient<T>(endpoint: McpEndpoint, options: McpClientOptions, work: (client: Client, request: { signal: AbortSignal; timeout: number }) => Promise<T>): Promise<T> {
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  const deadline = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
  const [{ Client }, { StreamableHTTPClientTransport }] = await Promise.all([import("@modelcontextprotocol/sdk/client/index.js"), import("@modelcontextprotocol/sdk/client/streamableHttp.js")]);
  let client: Client | undefined;
  try {
    const transport = new StreamableHTTPClientTransport(checkOutboundUrl(endpoint.url, options.allowed), {
      fetch: guardedFetch(options.allowed, outboundDispatcher(options.allowed, options.timeoutMs), deadline),
      requestInit: { headers: { "user-agent": "Atelier-MCP/1", ...endpoint.headers } },
      // A broken event stream is a failed request, not something to retry behind the caller's back.
      reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
    });
    client = new Client(CLIENT_INFO);
    const request = { signal: deadline, timeout: options.timeoutMs };
    await client.connect(transport, request);
    return await work(client, request);
  } catch (error) {
    throw new McpUnreachable(describeMcpError(error, { seconds, timedOut: deadline.aborted, secrets: Object.values(endpoint.headers) }), { cause: error });
  } finally {
    await client?.close().catch(() => {});
  }
}

/** Every tool the server lists (following its pages, up to MCP_LIST_LIMITS). */
export async function listMcpTools(endpoint: McpEndpoint, options: McpClientOptions): Promise<McpToolInfo[]> {
  return withMcpClient(endpoint, options, async (client, request) => {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MCP_LIST_LIMITS.pages && tools.length < MCP_LIST_LIMITS.tools; page++) {
      const result = await client.listTools(cursor === undefined ? undefined : { cursor }, request);
      for (const tool of result.tools) {
        tools.push({
          name: tool.name,
          title: tool.title ?? null,
          description: tool.description ?? null,
          inputSchema: tool.inputSchema,
          annotations: (tool.annotations as Record<string, unknown> | undefined) ?? null,
        });
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools.slice(0, MCP_LIST_LIMITS.tools);
  });
}

/** The error and its causes, outermost first (fetch wraps the network error it failed on). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

const HTTP_HINTS: Record<number, string> = {
  401: " (check its authorization token and headers)",
  403: " (check its authorization token and headers)",
  404: " (is this the server's MCP endpoint?)",
  405: " (is this the server's MCP endpoint? Atelier speaks streamable HTTP)",
};

/** A failure → one sentence for people: what happened, never a header value of the server's. */
export function describeMcpError(error: unknown, context: { seconds: number; timedOut: boolean; secrets: readonly string[] }): string {
  const chain = causes(error);
  const refused = chain.find((cause): cause is Error => cause instanceof OutboundRefused || (cause as NodeJS.ErrnoException | null)?.code === "EOUTBOUNDREFUSED");
  let message: string;
  if (refused) message = `Refused by the outbound rules: ${refused.message}`;
  else if (context.timedOut || chain.some((cause) => isTimeout(cause))) message = `The server did not answer within ${context.seconds} s.`;
  else message = networkOrProtocol(chain);
  return redactSecrets(message, context.secrets);
}

function isTimeout(cause: unknown): boolean {
  const { code, name } = (cause ?? {}) as { code?: unknown; name?: unknown };
  // -32001: the SDK's RequestTimeout.
  return code === -32001 || name === "TimeoutError" || (typeof code === "string" && /^UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT$/.test(code));
}

function networkOrProtocol(chain: unknown[]): string {
  const codes = chain.map((cause) => (cause as { code?: unknown } | null)?.code);
  const outer = chain[0] as Error | undefined;
  if (outer?.name === "StreamableHTTPError" || (outer && /^Streamable HTTP error/.test(outer.message))) {
    const status = codes[0];
    const redirect = /Redirect .*? not followed/.exec(outer.message)?.[0];
    if (redirect) return `The server answered with a redirect, which Atelier does not follow: ${redirect}.`;
    if (typeof status === "number") return `The server answered HTTP ${status}${HTTP_HINTS[status] ?? ""}.`;
  }
  // The fetch standard's blocked ports (1, 9, 25, 6000, …: services a request could be smuggled into).
  if (chain.some((cause) => (cause as Error | null)?.message === "bad port")) return "The URL's port is one fetch never connects to (a blocked port); use another.";
  if (codes.includes("ECONNREFUSED")) return "The connection was refused: nothing listens at that address and port.";
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) return "The server's host name does not resolve.";
  if (codes.includes("ECONNRESET") || codes.includes("UND_ERR_SOCKET")) return "The server closed the connection.";
  const tls = chain.find((cause) => typeof (cause as { code?: unknown } | null)?.code === "string" && /CERT|TLS|SSL/.test((cause as { code: string }).code)) as Error | undefined;
  if (tls) return `The TLS connection failed: ${tls.message}`;
  const detail = (outer?.message ?? String(outer)).slice(0, 300);
  return `The server did not answer as an MCP server (streamable HTTP): ${detail}`;
}


