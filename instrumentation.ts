// Runs once when the server process starts: fail fast on bad configuration, and make sure the
// default workspace exists before the first request needs it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/env");
  getEnv();
  const { defaultWorkspaceReady } = await import("@/lib/workspaces/service");
  const { log } = await import("@/lib/log");
  try {
    await defaultWorkspaceReady();
  } catch (error) {
    // The database may still be migrating; /api/health reports it, and the first request in the
    // default workspace retries (defaultWorkspaceReady).
    log.warn("could not ensure the default workspace at start-up", { error: (error as Error).message });
  }
}
