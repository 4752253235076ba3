// When a delivery is tried again (pure: the worker in lib/webhooks supplies the clock and chance).
// Retried: network errors, timeouts, 429 and 5xx; a receiver's Retry-After is honoured (up to the
// longest wait). Never retried: any other answer (2xx is done; 3xx is not followed; 4xx means the
// receiver refuses it). Waits grow ×3 from 10 s (ATELIER_WEBHOOK_FIRST_RETRY_SECONDS) with ±20% jitter, so receivers coming back from an
// outage are not hit by every sender at once, up to 6 h apart, for about a day: 10 s, 30 s, 1.5 min,
// 4.5 min, 13.5 min, 40 min, 2 h, 6 h, 6 h, 6 h… until the next try would come more than 24 h after
// the event.

export const FIRST_RETRY_MS = 10_000;
export const MAX_WAIT_MS = 6 * 3600_000;
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

export type AttemptOutcome =
  | { kind: "answered"; status: number; retryAfter?: string | null }
  | { kind: "timeout" }
  | { kind: "network"; message: string }
  | { kind: "refused"; message: string };

export type NextStep = { action: "delivered" } | { action: "retry"; at: number } | { action: "failed"; reason: string };

/** Seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const retryable = (outcome: AttemptOutcome) =>
  outcome.kind === "timeout" || outcome.kind === "network" || (outcome.kind === "answered" && (outcome.status === 429 || outcome.status >= 500));

/**
 * What follows attempt number `attempt` (1 for the first) of an event created at `createdAt`.
 * `random` is in [0, 1).
 */
export function nextStep(outcome: AttemptOutcome, attempt: number, createdAt: number, now: number, random: number, firstRetryMs = FIRST_RETRY_MS): NextStep {
  if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300) return { action: "delivered" };
  if (!retryable(outcome)) {
    const reason =
      outcome.kind === "refused" ? outcome.message : outcome.kind === "answered" && outcome.status >= 300 && outcome.status < 400 ? `HTTP ${outcome.status}: redirects are not followed` : `HTTP ${(outcome as { status: number }).status}: not retried`;
    return { action: "failed", reason };
  }
  const backoff = Math.min(MAX_WAIT_MS, firstRetryMs * 3 ** (attempt - 1)) * (0.8 + 0.4 * random);
  const asked = outcome.kind === "answered" ? retryAfterMs(outcome.retryAfter, now) : null;
  const wait = Math.min(MAX_WAIT_MS, asked !== null ? Math.max(asked, 1000) : backoff);
  const at = now + wait;
  if (at - createdAt > GIVE_UP_AFTER_MS) return { action: "failed", reason: `gave up after ${attempt} attempts over ${Math.round((now - createdAt) / 3600_000)} h` };
  return { action: "retry", at: Math.round(at) };
}
