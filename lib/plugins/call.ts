import "server-only";
import { request, type Dispatcher } from "undici";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { outboundDispatcher } from "@/lib/security/outbound-http";
import {
  authHeaders,
  authSecrets,
  buildPluginRequest,
  describeOperation,
  MAX_ERROR_BODY_BYTES,
  MAX_TOOL_RESPONSE_BYTES,
  parsePluginArguments,
  PluginArgumentsError,
  redactSecrets,
  responseOutput,
  type PluginAnswer,
  type PluginCallResult,
  type PluginCallTarget,
  type PluginRequest,
} from "@/lib/plugins/request";

// One call of a plugin operation, under the outbound rules (lib/security/outbound.ts): the URL is
// checked before connecting and the address after DNS (the guarded dispatcher), for the first
// request and for every redirect hop, which undici never follows by itself. Every failure becomes
// an output for the model (status "failed"), never an exception, except the caller's own abort
// (a cancelled or timed-out run), which it reports in its own words. No output or message carries
// the plugin's auth value: the model's context and the run steps are not the place for secrets.

export { MAX_TOOL_RESPONSE_BYTES };
export type { PluginAuth, PluginCallResult, PluginCallTarget } from "@/lib/plugins/request";

export type PluginCallOptions = {
  /** ATELIER_TOOL_ALLOWED_HOSTS. */
  allowed: readonly string[];
  /** The run's: cancelled or timed out. When it fires the call throws. */
  signal: AbortSignal;
  /** For connecting, the headers and each body read (the dispatcher's timeouts). */
  timeoutMs: number;
};

export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that carry a credential and so must not reach another origin a redirect points to.
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

const failed = (output: string): PluginCallResult => ({ output, status: "failed", httpStatus: null });

/** Calls the operation with the model's `argumentsJson`; throws only when `options.signal` aborted. */
export async function callPluginOperation(target: PluginCallTarget, argumentsJson: string, options: PluginCallOptions): Promise<PluginCallResult> {
  options.signal.throwIfAborted();
  let built: PluginRequest;
  try {
    built = buildPluginRequest(target, parsePluginArguments(argumentsJson));
  } catch (error) {
    if (error instanceof PluginArgumentsError) return failed(error.message);
    throw error;
  }
  const secrets = authSecrets(target.auth);
  let host = hostOf(built.url);
  try {
    const result = await send(target, built, options, (url) => (host = hostOf(url)));
    return { ...result, output: redactSecrets(result.output, secrets) };
  } catch (error) {
    if (options.signal.aborted) throw error;
    return failed(redactSecrets(describeFailure(error, host, options.timeoutMs), secrets));
  }
}

async function send(target: PluginCallTarget, first: PluginRequest, options: PluginCallOptions, onHop: (url: string) => void): Promise<PluginCallResult> {
  const dispatcher = outboundDispatcher(options.allowed, options.timeoutMs);
  let { method, url, body } = first;
  const headers = { ...first.headers };
  const origin = new URL(url).origin;
  for (let hop = 0; ; hop++) {
    onHop(url);
    checkOutboundUrl(url, options.allowed);
    const response = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, dispatcher, signal: options.signal });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode) || typeof location !== "string") {
      const limit = response.statusCode >= 200 && response.statusCode < 300 ? MAX_TOOL_RESPONSE_BYTES : MAX_ERROR_BODY_BYTES;
      return responseOutput(target, await readAnswer(response, limit, method), authSecrets(target.auth));
    }
    await response.body.dump().catch(() => {});
    if (hop >= MAX_REDIRECTS) {
      return failed(`Error: plugin ${target.pluginId} (${describeOperation(target.operation)}) redirected more than ${MAX_REDIRECTS} times; Atelier stopped following.`);
    }
    const next = resolve(location, url);
    if (!next) return failed(`Error: plugin ${target.pluginId} (${describeOperation(target.operation)}) redirected to something that is not a URL.`);
    if ([301, 302, 303].includes(response.statusCode) && method !== "GET" && method !== "HEAD") {
      method = "GET";
      body = null;
      delete headers["content-type"];
    }
    // Once dropped, credentials stay dropped (a redirect back to the origin does not restore them).
    if (next.origin !== origin) for (const name of [...CREDENTIAL_HEADERS, ...Object.keys(authHeaders(target.auth))]) delete headers[name];
    url = next.href;
  }
}

type Response = Dispatcher.ResponseData;

/** Reads at most `limit` bytes (and the rest of the chunk that crossed it), then drops the rest. */
async function readAnswer(response: Response, limit: number, method: string): Promise<PluginAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let more = false;
  if (method !== "HEAD") {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        more = true;
        break; // leaving the loop destroys the body: the rest is never read
      }
    }
  } else await response.body.dump().catch(() => {});
  const contentType = header(response, "content-type");
  const declared = Number(header(response, "content-length") ?? Number.NaN);
  return { status: response.statusCode, contentType, body: Buffer.concat(chunks), more, declaredLength: Number.isSafeInteger(declared) && declared >= 0 ? declared : null };
}

function header(response: Response, name: string): string | null {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function resolve(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The error and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** A failure that is not an HTTP answer → the output, naming the host but not the URL (its query may hold arguments). */
export function describeFailure(error: unknown, host: string, timeoutMs: number): string {
  const chain = causes(error);
  const refused = chain.find((cause): cause is Error => cause instanceof OutboundRefused || (cause as NodeJS.ErrnoException | null)?.code === "EOUTBOUNDREFUSED");
  if (refused) return `Error: Atelier refused to call this URL: ${refused.message}`;
  const codes = chain.map((cause) => (cause as { code?: unknown } | null)?.code).filter((code): code is string => typeof code === "string");
  if (codes.some((code) => /^UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT$/.test(code))) return `Error: ${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  const innermost = chain.at(-1) as Error | undefined;
  const detail = codes.find((code) => !code.startsWith("UND_ERR_")) ?? codes[0] ?? innermost?.message ?? String(error);
  return `Error: could not reach ${host}: ${detail.slice(0, 300)}`;
}
