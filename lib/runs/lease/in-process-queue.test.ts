import { describe, expect, it } from "vitest";
import { startInProcessRunQueue } from "@/lib/runs/lease/in-process-queue";
import { LeaseEnded, type Lease } from "@/lib/runs/lease/types";

// The embedded database's queue: the same contract as the pg-boss one, in memory.

function recorder() {
  const executed: string[] = [];
  const orphans: string[] = [];
  const leases = new Map<string, Lease>();
  return {
    executed,
    orphans,
    leases,
    execute: async (runId: string, lease: Lease) => {
      executed.push(runId);
      leases.set(runId, lease);
    },
    resolveOrphan: async (runId: string) => {
      orphans.push(runId);
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("in-process run queue", () => {
  it("resolves every run a previous process left active before taking work", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({ instanceId: "a", maxActiveRuns: 2, ...r, listActiveRuns: async () => ["run_1", "run_2"] });
    expect(r.orphans).toEqual(["run_1", "run_2"]);
    await queue.stop(0);
  });

  it("claims up to its capacity, decided before any await, then keeps the rest queued, oldest first", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({ instanceId: "a", maxActiveRuns: 2, ...r, listActiveRuns: async () => [] });
    const first = queue.claimForLocalStart("run_a");
    expect(queue.activeRunCount()).toBe(1);
    const second = await queue.claimForLocalStart("run_b");
    expect(await first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await queue.claimForLocalStart("run_c")).toBeNull();
    await queue.enqueueRun("run_c");
    await queue.enqueueRun("run_d");
    expect(r.executed).toEqual([]);
    // Room frees up: the oldest queued run goes first, and a new run waits behind the rest.
    await second!.release("done");
    await tick();
    expect(r.executed).toEqual(["run_c"]);
    expect(await queue.claimForLocalStart("run_e")).toBeNull();
    await r.leases.get("run_c")!.release("done");
    await tick();
    expect(r.executed).toEqual(["run_c", "run_d"]);
    await queue.stop(0);
  });

  it("treats a run whose execute rejected as an orphan", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({
      instanceId: "a",
      maxActiveRuns: 1,
      ...r,
      execute: async () => {
        throw new Error("boom");
      },
      listActiveRuns: async () => [],
    });
    await queue.enqueueRun("run_x");
    await tick();
    await tick();
    expect(r.orphans).toEqual(["run_x"]);
    expect(queue.activeRunCount()).toBe(0);
    await queue.stop(0);
  });

  it("at shutdown waits for leases up to the grace, then aborts the rest with `shutdown`", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({ instanceId: "a", maxActiveRuns: 2, ...r, listActiveRuns: async () => [] });
    const quick = (await queue.claimForLocalStart("run_quick"))!;
    const slow = (await queue.claimForLocalStart("run_slow"))!;
    setTimeout(() => void quick.release("done"), 20);
    await queue.stop(100);
    expect(quick.signal.aborted).toBe(false);
    expect(slow.signal.aborted).toBe(true);
    expect((slow.signal.reason as LeaseEnded).reason).toBe("shutdown");
    expect(queue.activeRunCount()).toBe(0);
    expect(await queue.claimForLocalStart("run_late")).toBeNull();
  });

  it("has nothing for the caller to write in its own transaction, and shares the capacity", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({ instanceId: "a", maxActiveRuns: 1, ...r, listActiveRuns: async () => [] });
    const start = queue.reserveLocalStart("run_1")!;
    expect(start.statement(1)).toBeNull();
    expect(queue.reserveLocalStart("run_2")).toBeNull();
    start.cancel();
    const lease = queue.reserveLocalStart("run_2")!.adopt()!;
    expect(lease.runId).toBe("run_2");
    await lease.release("done");
    expect(queue.activeRunCount()).toBe(0);
    await queue.stop(0);
  });

  it("releasing twice writes once", async () => {
    const r = recorder();
    const queue = await startInProcessRunQueue({ instanceId: "a", maxActiveRuns: 1, ...r, listActiveRuns: async () => [] });
    const lease = (await queue.claimForLocalStart("run_1"))!;
    await Promise.all([lease.release("handoff"), lease.release("handoff")]);
    await tick();
    // A handoff while running queues the run again, once.
    expect(r.executed).toEqual(["run_1"]);
    await queue.stop(0);
  });
});
