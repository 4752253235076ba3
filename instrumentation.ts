// Runs once when the server process starts: fail fast on bad configuration, look at each request
// as it arrives (lib/server/incoming.ts: its socket address, unroutable API requests), start the
// run bus between instances, make sure the default workspace exists before the first request
// needs it, and create the first owner from ATELIER_ADMIN_EMAIL/PASSWORD when nobody has an
// account yet.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  // First: requests arriving from now on get their socket address; any Next queued while starting has none.
  const { installIncomingHook } = await import("@/lib/server/incoming");
  installIncomingHook(env.ATELIER_TRUST_PROXY);
  // The run bus (lib/runs/bus): other instances' runs reach clients attached here, and theirs ours.
  // It never throws for a connection (it logs and retries), and stops with the server so clients
  // attached elsewhere to runs forwarded from here are told at once.
  const { log } = await import("@/lib/log");
  const { startBus, stopBus } = await import("@/lib/runs/bus");
  await startBus().catch((error: Error) => log.error("the run bus did not start", { error }));
  const { defaultWorkspaceReady } = await import("@/lib/workspaces/service");
  const { ensureBootstrapOwner } = await import("@/lib/auth/accounts");
  const { installGracefulShutdown } = await import("@/lib/server/shutdown");
  const { stopEngine } = await import("@/lib/runs/engine");
  const { startIngest, stopIngest } = await import("@/lib/ingest/queue");
  const { startWebhooks, stopWebhooks } = await import("@/lib/webhooks/queue");
  const { startTestRuns, stopTestRuns } = await import("@/lib/assistant-tests/queue");
  installGracefulShutdown(env.ATELIER_SHUTDOWN_GRACE_SECONDS, [
    // First, so attempts hand their runs back (cancelled, the attempt queued again) before runs are stopped.
    { name: "test runs", run: stopTestRuns },
    { name: "runs", run: stopEngine },
    { name: "ingestion", run: stopIngest },
    { name: "webhooks", run: stopWebhooks },
    { name: "run bus", run: () => stopBus() },
    { name: "code interpreter sessions", run: async () => (await import("@/lib/code/sessions")).closeAllSessions() },
  ]);
  // Run status events become signed webhook deliveries (lib/webhooks), from before the engine starts.
  const { listenToRuns } = await import("@/lib/webhooks/runs");
  listenToRuns();
  try {
    const { warmPool } = await import("@/lib/db");
    await warmPool();
    await defaultWorkspaceReady();
    await ensureBootstrapOwner();
    // Join the run queue: take queued runs while there is room, end runs whose instance stopped.
    const { startEngine } = await import("@/lib/runs/engine");
    await startEngine();
  } catch (error) {
    // The database may still be migrating; /api/health reports it, and the first request that
    // needs either retries (defaultWorkspaceReady, hasUsers).
    log.warn("could not prepare the default workspace or first owner at start-up", { error: (error as Error).message });
  }
  // Vector store files: ingest in the background, sweeping up those left in progress first
  // (lib/ingest/queue.ts). It never throws: a database not there yet is tried again.
  await startIngest();
  // Webhooks: deliveries recorded before the queue started are swept up by its first sweep.
  await startWebhooks();
  // Test runs: those left queued or in progress are swept up and resumed (lib/assistant-tests/queue.ts).
  await startTestRuns();
}
