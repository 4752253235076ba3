import "server-only";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import zlib from "node:zlib";

// The fetch the model providers' requests go through: node:http with keep-alive agents, returning
// a standard Response whose body streams as the bytes arrive. Why not the global fetch: in a route
// handler it is Next's patched fetch over undici, which added ~3 ms (p50, more under load) between
// calling it and the provider receiving the request, on the path to a run's first token
// (bench:runs). Behaves like fetch where the AI SDK looks: connection failures are a TypeError
// "fetch failed" with the cause, an abort rejects with the signal's reason, redirects are returned
// (never followed), gzip/deflate/br bodies are decoded.

const agents = {
  "http:": new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000 }),
  "https:": new https.Agent({ keepAlive: true, keepAliveMsecs: 30_000 }),
};

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => (record[name] = value));
  return record;
}

async function bodyBytes(body: BodyInit | null | undefined): Promise<Buffer | string | undefined> {
  if (body == null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Anything else (a stream, a Blob, form data): let Response serialize it.
  return Buffer.from(await new Response(body).arrayBuffer());
}

function decoded(response: http.IncomingMessage): Readable {
  switch ((response.headers["content-encoding"] ?? "").toLowerCase().trim()) {
    case "gzip":
    case "x-gzip":
      return response.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH }));
    case "deflate":
      return response.pipe(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH }));
    case "br":
      return response.pipe(zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    default:
      return response;
  }
}

function responseHeaders(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException("This operation was aborted", "AbortError");

export async function nodeFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal);
  const body = await bodyBytes(init.body);
  const headers = headerRecord(init.headers);
  if (body !== undefined && headers["content-length"] === undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const transport = url.protocol === "https:" ? https : http;

  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(url, { method: init.method ?? "GET", headers, agent });
    // Once the response has started, an abort ends its body (the reader sees the error) instead.
    let answered: http.IncomingMessage | null = null;
    const onAbort = () => {
      const reason = abortReason(signal!);
      if (answered) answered.destroy(reason);
      else {
        request.destroy(reason);
        reject(reason);
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    request.setNoDelay(true);
    request.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      if (!answered) reject(signal?.aborted ? abortReason(signal) : new TypeError("fetch failed", { cause: error }));
    });
    request.on("response", (response) => {
      answered = response;
      response.on("close", () => signal?.removeEventListener("abort", onAbort));
      const status = response.statusCode ?? 0;
      const stream = NULL_BODY_STATUSES.has(status) || init.method === "HEAD" ? null : (Readable.toWeb(decoded(response)) as ReadableStream<Uint8Array>);
      if (!stream) response.resume();
      resolve(new Response(stream, { status, statusText: response.statusMessage, headers: responseHeaders(response) }));
    });
    request.end(body);
  });
}
