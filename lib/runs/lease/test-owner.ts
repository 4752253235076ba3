// A run owner in a process of its own, for pg-boss-queue.test.ts to kill with SIGKILL: it starts a
// queue on LEASE_TEST_DATABASE_URL, claims the runs named in LEASE_TEST_RUNS (comma-separated),
// prints `claimed <runId>` for each, then keeps heartbeating until it is killed.
import { startPgBossRunQueue } from "@/lib/runs/lease/pg-boss-queue";

const url = process.env.LEASE_TEST_DATABASE_URL;
const runs = (process.env.LEASE_TEST_RUNS ?? "").split(",").filter(Boolean);
if (!url || runs.length === 0) {
  console.error("set LEASE_TEST_DATABASE_URL and LEASE_TEST_RUNS");
  process.exit(2);
}

const queue = await startPgBossRunQueue({
  connectionString: url,
  instanceId: `doomed-owner-${process.pid}`,
  maxActiveRuns: runs.length,
  execute: async () => {},
  resolveOrphan: async (runId) => {
    console.log(`orphan ${runId}`);
  },
});
for (const runId of runs) {
  const lease = await queue.claimForLocalStart(runId);
  console.log(lease ? `claimed ${runId}` : `refused ${runId}`);
}
setInterval(() => {}, 60_000);
