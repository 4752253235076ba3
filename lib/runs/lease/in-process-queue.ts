import { log } from "@/lib/log";
import { LeaseBook } from "@/lib/runs/lease/lease-book";
import { admitLocally } from "@/lib/runs/lease/rules";
import type { Lease, LeaseOutcome, LocalStart, RunQueue, RunQueueOptions } from "@/lib/runs/lease/types";

// Run leases in memory, for a process that owns its database alone: the embedded PGlite serves one
// process, over a bridge that takes one connection at a time, so pg-boss's pool, listener and
// monitor would only queue behind the app there. Nothing to heartbeat (the owner is this process);
// at start-up every run a previous process left active is an orphan; the backlog is a FIFO here.

const SHUTDOWN_SETTLE_MS = 1_000;

export async function startInProcessRunQueue(options: RunQueueOptions & { listActiveRuns: () => Promise<string[]> }): Promise<InProcessRunQueue> {
  const queue = new InProcessRunQueue(options);
  await queue.start(options.listActiveRuns);
  return queue;
}

export class InProcessRunQueue implements RunQueue {
  readonly kind = "in-process";
  private readonly book: LeaseBook<null>;
  // Insertion-ordered: the oldest queued run first.
  private readonly backlog = new Set<string>();
  private stopping = false;
  private stopped?: Promise<void>;

  constructor(private readonly options: RunQueueOptions) {
    this.book = new LeaseBook<null>(options.maxActiveRuns, (held, outcome) => this.afterRelease(held.runId, outcome));
  }

  /** Resolves every run a previous process left leased, then takes work. */
  async start(listActiveRuns: () => Promise<string[]>): Promise<void> {
    for (const runId of await listActiveRuns()) await this.orphan(runId);
    this.dispatch();
  }

  activeRunCount(): number {
    return this.book.taken;
  }

  async isHeld(runId: string): Promise<boolean> {
    return this.book.has(runId) || this.backlog.has(runId);
  }

  // One process owns the database: start-up resolves every active run already (listActiveRuns).
  async leaselessRuns(): Promise<string[]> {
    return [];
  }

  claimForLocalStart(runId: string): Promise<Lease | null> {
    return Promise.resolve(this.reserveLocalStart(runId)?.adopt() ?? null);
  }

  reserveLocalStart(runId: string): LocalStart | null {
    if (this.stopping || this.book.has(runId) || !admitLocally(this.book.room(), this.backlog.size > 0)) return null;
    this.book.reserve();
    let settled = false;
    const settle = () => {
      if (settled) throw new Error(`the local start of ${runId} was already adopted or cancelled`);
      settled = true;
    };
    return {
      statement: () => null,
      adopt: () => {
        settle();
        return this.book.hold(runId, null, performance.now()).lease;
      },
      cancel: () => {
        settle();
        this.book.unreserve();
      },
    };
  }

  async enqueueRun(runId: string): Promise<void> {
    if (this.book.has(runId)) return;
    this.backlog.add(runId);
    this.dispatch();
  }

  stop(graceMs: number): Promise<void> {
    return (this.stopped ??= this.shutDown(graceMs));
  }

  private dispatch(): void {
    while (!this.stopping && this.backlog.size > 0 && this.book.reserve() === 1) {
      const runId = this.backlog.values().next().value!;
      this.backlog.delete(runId);
      const { lease, held } = this.book.hold(runId, null, performance.now());
      this.options.execute(runId, lease).catch((error: Error) => {
        log.error("run queue: execute rejected; resolving the run as an orphan", { runId, error: error.message });
        return this.book.fail(held);
      });
    }
  }

  private async afterRelease(runId: string, outcome: LeaseOutcome | "fail"): Promise<void> {
    if (outcome === "fail") await this.orphan(runId);
    // A handoff while running goes back in line; at shutdown the next process resolves it instead.
    else if (outcome === "handoff" && !this.stopping) this.backlog.add(runId);
    queueMicrotask(() => this.dispatch());
  }

  private async orphan(runId: string): Promise<void> {
    try {
      await this.options.resolveOrphan(runId);
    } catch (error) {
      log.error("run queue: resolveOrphan failed", { runId, error: (error as Error).message });
    }
  }

  private async shutDown(graceMs: number): Promise<void> {
    this.stopping = true;
    // Queued runs stay `queued` in the database; the next start resolves them.
    this.backlog.clear();
    if (await this.book.whenIdle(graceMs)) return;
    this.book.abortAll("shutdown");
    await this.book.whenIdle(SHUTDOWN_SETTLE_MS);
    await Promise.all(this.book.all().map((held) => this.book.release(held, "handoff")));
  }
}
