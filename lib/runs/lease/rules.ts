// The lease layer's decisions, without I/O: timings, capacity, which leases are lost. The queues
// (pg-boss-queue.ts, in-process-queue.ts) only carry them out.

/**
 * How fast a dead owner is noticed. pg-boss's monitor fails an active job whose heartbeat_on is
 * older than heartbeatSeconds (10 is pg-boss's minimum) on its next pass; the failed job goes to
 * the orphans queue, whose worker calls resolveOrphan.
 */
export type LeaseTimings = {
  /** pg-boss heartbeatSeconds of the runs queue. */
  heartbeatSeconds: number;
  /** One batched touch() of every lease held, this often. */
  touchEveryMs: number;
  /**
   * The holder gives a lease up itself (signal aborted, `lost`) when no touch sent since this long
   * ago has landed. Checked at each touch tick, so it acts by fenceAfterMs + touchEveryMs, which
   * must come before heartbeatSeconds: the holder stops before the monitor can take the run as dead
   * and another instance resolve it.
   */
  fenceAfterMs: number;
  /** pg-boss superviseIntervalSeconds and monitorIntervalSeconds: how often lapsed heartbeats are failed. */
  monitorSeconds: number;
  /** How often each instance polls the orphans queue. */
  orphanPollSeconds: number;
  /** How often an instance with room polls for queued runs when no NOTIFY woke it. */
  backlogPollMs: number;
};

// heartbeat 12 s rather than pg-boss's minimum 10: an instance whose event loop was swamped (200
// streams on two cores beside other work, bench:runs) saw touches take over 7 s and gave up leases
// that were fine. The fence now allows 8.5 s, and a death is still resolved within 24 s.
export const LEASE_TIMINGS: LeaseTimings = {
  heartbeatSeconds: 12,
  touchEveryMs: 2_000,
  fenceAfterMs: 8_500,
  monitorSeconds: 5,
  orphanPollSeconds: 2,
  backlogPollMs: 5_000,
};

/** The bound: a dead owner's runs are resolved elsewhere within this. */
export const DETECTION_BUDGET_MS = 30_000;

/**
 * The longest a dead owner's run can wait before resolveOrphan starts, not counting statement
 * times: its last touch landed at most touchEveryMs before the death (it may also have landed just
 * before), the job lapses heartbeatSeconds after that touch, the next monitor pass comes at most
 * monitorSeconds later (pg-boss anchors its timer to the claim, so a pass can slip by one more
 * interval when two instances' claims interleave), and the orphan worker's next poll at most
 * orphanPollSeconds after that.
 */
export function worstCaseDetectionMs(t: LeaseTimings): number {
  return t.heartbeatSeconds * 1000 + 2 * t.monitorSeconds * 1000 + t.orphanPollSeconds * 1000;
}

/** Why these timings would break a promise of the lease layer, or null when they hold. */
export function timingProblem(t: LeaseTimings): string | null {
  if (t.heartbeatSeconds < 10 || !Number.isInteger(t.heartbeatSeconds)) return "pg-boss wants heartbeatSeconds to be an integer >= 10";
  // The fence is checked at each touch tick, so it acts up to one interval after fenceAfterMs.
  if (t.fenceAfterMs + t.touchEveryMs >= t.heartbeatSeconds * 1000) return "the holder must give a lease up before the monitor can take it as dead";
  if (t.fenceAfterMs < 2 * t.touchEveryMs) return "one failed touch must not cost a lease: fence after at least two touch intervals";
  if (worstCaseDetectionMs(t) > DETECTION_BUDGET_MS) return `a dead owner's runs could wait ${worstCaseDetectionMs(t)} ms, over ${DETECTION_BUDGET_MS}`;
  return null;
}

/** How many more runs may start here. */
export function roomLeft(maxActiveRuns: number, taken: number): number {
  return Math.max(0, maxActiveRuns - taken);
}

/**
 * Whether a run just accepted here may skip the queue. Not when there is no room, and not when runs
 * are probably waiting in the queue: they are older, and FIFO means they go first (the new one is
 * enqueued behind them).
 */
export function admitLocally(room: number, backlogLikely: boolean): boolean {
  return room > 0 && !backlogLikely;
}

/** After a fetch of `requested` returned `got`: a full batch means more may be waiting. */
export function backlogAfterFetch(requested: number, got: number): boolean {
  return requested > 0 && got >= requested;
}

/** Leases a batched touch asked for and the database no longer has as ours: the monitor took them, or a fence did. */
export function lostInTouch(touched: readonly string[], settled: readonly string[]): string[] {
  const kept = new Set(settled);
  return touched.filter((id) => !kept.has(id));
}

/**
 * Leases whose last heartbeat that landed was sent more than fenceAfterMs ago. Measured from when
 * the statement was sent, not answered: the database stamped heartbeat_on after the send, so the
 * holder's fence always falls before the monitor's lapse.
 */
export function staleLeases<T extends { heartbeatSentAt: number }>(leases: Iterable<T>, now: number, fenceAfterMs: number): T[] {
  return [...leases].filter((lease) => now - lease.heartbeatSentAt > fenceAfterMs);
}

/** p-th percentile (nearest rank) of a sample; the benchmark and tests report with it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
