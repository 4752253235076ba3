import { LeaseEnded, type Lease, type LeaseEndReason, type LeaseOutcome } from "@/lib/runs/lease/types";
import { roomLeft } from "@/lib/runs/lease/rules";

// The leases one instance holds, and the slots it has promised: both queues keep their capacity,
// their signals and their release bookkeeping here, and differ only in what a release writes.

export type HeldLease<T> = {
  readonly runId: string;
  readonly controller: AbortController;
  /** The queue's own handle on the lease (pg-boss: the job id and attempt; replaced when re-claimed). */
  data: T;
  /** When the last heartbeat that landed (or the claim) was sent; see rules.staleLeases. */
  heartbeatSentAt: number;
};

/** What a queue writes when a lease ends: `fail` when its execute rejected (the run becomes an orphan). */
export type ReleaseWrite<T> = (lease: HeldLease<T>, outcome: LeaseOutcome | "fail") => Promise<void>;

export class LeaseBook<T> {
  private readonly held = new Map<string, HeldLease<T>>();
  private reserved = 0;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly maxActiveRuns: number,
    private readonly write: ReleaseWrite<T>,
  ) {}

  /** Leases held plus slots reserved. */
  get taken(): number {
    return this.held.size + this.reserved;
  }

  room(): number {
    return roomLeft(this.maxActiveRuns, this.taken);
  }

  /** Takes up to `count` slots at once (synchronously); returns how many it took. */
  reserve(count = 1): number {
    const took = Math.min(count, this.room());
    this.reserved += took;
    return took;
  }

  /** Gives back slots reserve() took and that did not become leases. */
  unreserve(count = 1): void {
    this.reserved = Math.max(0, this.reserved - count);
    this.notifyIfIdle();
  }

  has(runId: string): boolean {
    return this.held.has(runId);
  }

  all(): HeldLease<T>[] {
    return [...this.held.values()];
  }

  /** Turns one reserved slot into a lease. */
  hold(runId: string, data: T, heartbeatSentAt: number): { lease: Lease; held: HeldLease<T> } {
    this.reserved = Math.max(0, this.reserved - 1);
    const held: HeldLease<T> = { runId, controller: new AbortController(), data, heartbeatSentAt };
    this.held.set(runId, held);
    let released: Promise<void> | undefined;
    const lease: Lease = {
      runId,
      signal: held.controller.signal,
      release: (outcome) => (released ??= this.end(held, outcome)),
    };
    return { lease, held };
  }

  /** Ends a lease from the queue's side (execute rejected): the run becomes an orphan. */
  fail(held: HeldLease<T>): Promise<void> {
    return this.end(held, "fail");
  }

  /** Ends a lease from the queue's side, as its holder would (a handoff at shutdown). */
  release(held: HeldLease<T>, outcome: LeaseOutcome): Promise<void> {
    return this.end(held, outcome);
  }

  /** The lease is gone from the database already: abort its holder and forget it, writing nothing. */
  drop(held: HeldLease<T>, reason: LeaseEndReason): void {
    if (this.held.get(held.runId) !== held) return;
    this.held.delete(held.runId);
    held.controller.abort(new LeaseEnded(reason, held.runId));
    this.notifyIfIdle();
  }

  /** Aborts every lease's holder (they keep their slots until released or dropped). */
  abortAll(reason: LeaseEndReason): void {
    for (const held of this.held.values()) {
      if (!held.controller.signal.aborted) held.controller.abort(new LeaseEnded(reason, held.runId));
    }
  }

  /** Resolves once nothing is held or reserved, or after timeoutMs; true when idle. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.taken === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.idle.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.idle.add(onIdle);
    });
  }

  private async end(held: HeldLease<T>, outcome: LeaseOutcome | "fail"): Promise<void> {
    // Already lost or handed over: the database no longer has it as ours, so there is nothing to write.
    if (this.held.get(held.runId) !== held) return;
    this.held.delete(held.runId);
    try {
      await this.write(held, outcome);
    } finally {
      this.notifyIfIdle();
    }
  }

  private notifyIfIdle(): void {
    if (this.taken > 0) return;
    for (const resolve of [...this.idle]) resolve();
  }
}
