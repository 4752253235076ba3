import type { Interruption } from "@/lib/runs/fold";

// Every run ends: a model that accepts a request and never answers, or answers once and stalls,
// would otherwise hold its run `in_progress` (and its thread busy) for good. One watchdog per model
// call aborts it on the run's own signal (cancel, shutdown), on silence (before the first byte,
// then between chunks) and at the stretch's deadline, and says which, so the run's last_error can.

export type CallLimits = {
  /** Connect and first byte. */
  firstByteMs: number;
  /** Between two chunks once the stream has begun. */
  idleMs: number;
  /** The stretch's end (epoch ms): no model call or tool outlives it. */
  deadline: number;
};

export type Watchdog = {
  /** Aborts the model request: passed to the provider as its abort signal. */
  signal: AbortSignal;
  /** The model sent something: the silence timer starts again (cheap: called per chunk). */
  touch(): void;
  /** The call is over: no timer stays armed. */
  stop(): void;
  /** Why the call was aborted, or null if it was not. */
  interruption(): Interruption;
};

/** The reason a run's controller is aborted with when Atelier stops it (the run fails, saying why), not the user (it is cancelled). */
// Branded, not `instanceof`: Next bundles instrumentation (which stops runs at shutdown) apart
// from the routes (which run them), so each has its own copy of this class.
const RUN_STOP: unique symbol = Symbol.for("atelier.runStop") as never;

export class RunStop extends Error {
  readonly [RUN_STOP] = true;
}

const isRunStop = (reason: unknown): reason is RunStop => typeof reason === "object" && reason !== null && RUN_STOP in reason;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function watchModelCall(runSignal: AbortSignal, limits: CallLimits, now: () => number = Date.now): Watchdog {
  const control = new AbortController();
  let reason: Interruption = null;
  let begun = false;
  let last = now();
  let timer: NodeJS.Timeout | undefined;

  const abort = (why: Exclude<Interruption, null>) => {
    if (control.signal.aborted) return;
    reason = why;
    clearTimeout(timer);
    runSignal.removeEventListener("abort", onRunAbort);
    control.abort(why.kind === "stopped" ? new Error(why.message) : undefined);
  };
  // A run stopped by Atelier (shutdown, lost lease) is aborted with a RunStop as reason; a cancel without.
  const onRunAbort = () => abort(isRunStop(runSignal.reason) ? { kind: "stopped", message: runSignal.reason.message } : { kind: "cancelled" });

  // Re-armed lazily: touch() only records the time, and the timer, when it fires early, waits for
  // the rest. A timer per chunk would cost more than the chunk at 10,000 chunks/s.
  const check = () => {
    const at = now();
    if (at >= limits.deadline) return abort({ kind: "stopped", message: "The run went on longer than ATELIER_RUN_MAX_SECONDS allows, so it was stopped." });
    const allowed = begun ? limits.idleMs : limits.firstByteMs;
    if (at - last >= allowed) {
      const message = begun
        ? `The model stopped sending for ${seconds(allowed)} in the middle of its answer (ATELIER_MODEL_IDLE_TIMEOUT_SECONDS), so the run was stopped.`
        : `The model did not start answering within ${seconds(allowed)} (ATELIER_MODEL_TIMEOUT_SECONDS), so the run was stopped.`;
      return abort({ kind: "stopped", message });
    }
    timer = setTimeout(check, Math.max(1, Math.min(last + allowed, limits.deadline) - at));
    timer.unref?.();
  };

  if (runSignal.aborted) onRunAbort();
  else {
    runSignal.addEventListener("abort", onRunAbort, { once: true });
    check();
  }
  return {
    signal: control.signal,
    touch() {
      last = now();
      if (begun) return;
      // The first byte: from now the (usually shorter) silence limit applies, so the timer armed
      // for the first-byte limit is replaced once.
      begun = true;
      clearTimeout(timer);
      if (!control.signal.aborted) check();
    },
    stop() {
      clearTimeout(timer);
      runSignal.removeEventListener("abort", onRunAbort);
    },
    interruption: () => reason,
  };
}
