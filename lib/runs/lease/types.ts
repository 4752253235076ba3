// The lease layer's contract with the run engine (lib/runs/engine.ts). A lease says "this instance
// is executing this run now": while an instance holds it, no other instance executes or resolves
// the run. Two implementations keep it: pg-boss jobs with heartbeats on a Postgres server
// (pg-boss-queue.ts) and plain memory for a process that owns its database alone (in-process-queue.ts).

/** How a holder gives a lease back: the segment ended here, or another instance should go on with it. */
export type LeaseOutcome = "done" | "handoff";

export type Lease = {
  readonly runId: string;
  /**
   * Aborted when this instance must stop executing the run at once; `signal.reason` is a
   * {@link LeaseEnded} that says why. After `lost`, write nothing more for the run: another
   * instance resolves it. After `shutdown`, stop; the queue hands the run to another instance.
   */
  readonly signal: AbortSignal;
  /** Gives the lease back. Idempotent; after the lease was lost or handed off it does nothing. */
  release(outcome: LeaseOutcome): Promise<void>;
};

/** `lost`: heartbeats stopped landing (database unreachable, or it was taken as dead). `shutdown`: the instance is stopping. */
export type LeaseEndReason = "lost" | "shutdown";

/** The abort reason of a lease's signal. */
export class LeaseEnded extends Error {
  constructor(
    readonly reason: LeaseEndReason,
    readonly runId: string,
  ) {
    super(reason === "lost" ? `lost the lease on ${runId}: another instance resolves it` : `handing ${runId} over: this instance is stopping`);
    this.name = "LeaseEnded";
  }
}

export type RunQueueOptions = {
  /** Names this instance in logs, in pg-boss's instance registry and on its connections. */
  instanceId: string;
  /** Leases this instance holds at most (ATELIER_MAX_ACTIVE_RUNS); past it, runs wait queued. */
  maxActiveRuns: number;
  /**
   * Executes a queued run this instance was given (backlog, a handoff, a continued run). The lease
   * is held while it runs; release it when the segment ends. If it rejects while still holding the
   * lease, the run is treated as an orphan (resolveOrphan, on any instance).
   */
  execute: (runId: string, lease: Lease) => Promise<void>;
  /**
   * A run whose owner stopped heartbeating (or whose execute rejected). Called on exactly one
   * instance per lapse; rejecting retries it later, possibly elsewhere. Must be idempotent and must
   * leave a run that has already settled alone.
   */
  resolveOrphan: (runId: string) => Promise<void>;
  /**
   * In-process queue only: the runs a previous process left leased (every one is an orphan, since
   * one process owns the database). Defaults to runs in `queued`, `in_progress` or `cancelling`.
   */
  listActiveRuns?: () => Promise<string[]>;
};

/**
 * A slot taken for a run this instance starts now, whose lease the caller writes itself, in the
 * same transaction as the run's own write (no commit of its own: see docs/architecture.md).
 */
export type LocalStart = {
  /**
   * The lease's `INSERT … RETURNING id`, parameters numbered from firstParam (usable as a CTE), or
   * null when there is nothing to write (in-process queue).
   */
  statement(firstParam: number): { text: string; values: unknown[] } | null;
  /**
   * After the transaction committed: the id the statement returned (undefined when it inserted
   * nothing: the run is queued or leased already). The lease, or null. Adopt a returned id even
   * when the run itself was refused, then release it ("done").
   */
  adopt(jobId?: string | null): Lease | null;
  /** Nothing was written (the transaction failed or the statement was not run): frees the slot. */
  cancel(): void;
};

/** One instance's side of the lease layer; lib/runs/lease/index.ts keeps the process's one. */
export interface RunQueue {
  readonly kind: "pg-boss" | "in-process";
  /**
   * The fast path: a lease for a run this instance has just accepted and starts now, or null at
   * capacity (or when older runs are queued: they go first), and then the caller enqueues the run.
   * The capacity decision is taken synchronously, before the first await.
   */
  claimForLocalStart(runId: string): Promise<Lease | null>;
  /** The same decision, with the lease written by the caller in its own transaction; null as above. */
  reserveLocalStart(runId: string): LocalStart | null;
  /** A queued run any instance may execute, oldest first. Enqueueing a run already queued or leased does nothing. */
  enqueueRun(runId: string): Promise<void>;
  /** Leases held, plus slots taken by claims and fetches under way. */
  activeRunCount(): number;
  /** Whether some instance holds the run's lease or has it queued (a run nobody holds is an orphan). */
  isHeld(runId: string): Promise<boolean>;
  /**
   * Runs active in the database (`queued`, `in_progress`, `cancelling`, created over 10 s ago) with
   * no lease at all: left by a version without leases, or by a hand edit. Start-up resolves them.
   */
  leaselessRuns(): Promise<string[]>;
  /** Stop taking runs; wait up to graceMs for leases to be released; hand the rest to other instances. */
  stop(graceMs: number): Promise<void>;
}
