import "server-only";
import { request } from "undici";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { outboundDispatcher } from "@/lib/security/outbound-http";
import type { AttemptOutcome } from "@/lib/webhooks/retry";

// One attempt at a delivery: a signed POST with nothing of Atelier's but the event (no cookies, no
// keys), under the outbound rules (lib/security/outbound.ts), within 10 s for everything, no
// redirect followed, and at most 64 KiB of the answer read (the first 1 KiB kept for the log).

export const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_READ_BYTES = 64 * 1024;
const SNIPPET_BYTES = 1024;

export type AttemptRecord = { outcome: AttemptOutcome; status: number | null; latencyMs: number; response: string | null; error: string | null };

async function readSome(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_READ_BYTES) break; // leaving the loop destroys the rest of the body
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString("utf8");
}

/** POSTs `body` with `headers` to `url`; never throws (every failure is an outcome). */
export async function attemptDelivery(url: string, body: string, headers: Record<string, string>, allowed: readonly string[]): Promise<AttemptRecord> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    checkOutboundUrl(url, allowed);
  } catch (error) {
    const message = (error as Error).message;
    return { outcome: { kind: "refused", message }, status: null, latencyMs: 0, response: null, error: message };
  }
  const signal = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: outboundDispatcher(allowed, DELIVERY_TIMEOUT_MS),
      headers: { "content-type": "application/json", "user-agent": "Atelier-Webhooks/1", ...headers },
      body,
      signal,
    });
    const text = await readSome(response.body);
    const retryAfter = response.headers["retry-after"];
    return {
      outcome: { kind: "answered", status: response.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter },
      status: response.statusCode,
      latencyMs: latency(),
      response: text,
      error: null,
    };
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    if (cause instanceof OutboundRefused || cause.code === "EOUTBOUNDREFUSED") return { outcome: { kind: "refused", message: cause.message }, status: null, latencyMs: latency(), response: null, error: cause.message };
    if (signal.aborted || cause.code === "UND_ERR_HEADERS_TIMEOUT" || cause.code === "UND_ERR_BODY_TIMEOUT" || cause.code === "UND_ERR_CONNECT_TIMEOUT") {
      const message = `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`;
      return { outcome: { kind: "timeout" }, status: null, latencyMs: latency(), response: null, error: message };
    }
    const message = `Could not deliver: ${cause.code ? `${cause.code} ` : ""}${cause.message}`.trim();
    return { outcome: { kind: "network", message }, status: null, latencyMs: latency(), response: null, error: message };
  }
}
