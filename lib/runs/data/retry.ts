import { setTimeout as sleep } from "node:timers/promises";

// A run outlives its requests, so it meets what a request rarely does: Postgres restarted or
// failed over, its connections terminated (57P01), the pool briefly exhausted. Those errors say
// nothing about the run, so its writes are retried with backoff instead of failing it (and a run
// failed by a write that did not happen would be left with records that disagree). Every write
// retried here is idempotent: fixed ids with ON CONFLICT DO NOTHING, or updates conditional on
// the status they move from.

// Connection exceptions (class 08), shutdowns (57P01-03), serialization failures and deadlocks,
// too many connections.
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|40001|40P01|53300)$/;
const TRANSIENT_NODE = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTCONN", "EHOSTUNREACH"]);
// Prisma wraps driver errors: its own codes for lost connections and pool timeouts, or the
// driver's SQLSTATE inside its message ("… Code: `57P01` …").
const TRANSIENT_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// "Unable to start a transaction in the given time": every connection was busy (nothing ran).
const TRANSIENT_MESSAGE =
  /Unable to start a transaction in the given time|Connection terminated|connection error and is not queryable|terminating connection|Client was closed|timeout exceeded when trying to connect|server closed the connection|Code: `(08...|57P0[123]|40001|40P01|53300)`/i;

/** Whether `error` (or what it wraps) is a fault of the connection rather than of the statement. */
export function isTransientDbError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause, meta, originalCode } = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown; originalCode?: unknown };
  if (typeof code === "string" && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE.has(code) || TRANSIENT_PRISMA.has(code))) return true;
  if (typeof originalCode === "string" && TRANSIENT_SQLSTATE.test(originalCode)) return true;
  if (typeof message === "string" && TRANSIENT_MESSAGE.test(message)) return true;
  if (meta && typeof meta === "object" && isTransientDbError((meta as { driverAdapterError?: unknown }).driverAdapterError, depth + 1)) return true;
  return isTransientDbError(cause, depth + 1);
}

export type RetryOptions = {
  /** Give up after this long (default 30 s: longer than a Postgres restart takes). */
  budgetMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait; logs say what is being retried. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
};

/** The delay before retry `attempt` (1, 2, …): exponential with full jitter, capped. */
export function backoffDelay(attempt: number, firstDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** `fn`, again after transient database errors until the budget is spent; other errors at once. */
export async function withDbRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { budgetMs = 30_000, firstDelayMs = 50, maxDelayMs = 2_000, onRetry } = options;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delay = backoffDelay(attempt, firstDelayMs, maxDelayMs);
      if (!isTransientDbError(error) || Date.now() - started + delay > budgetMs) throw error;
      onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
