import "server-only";
import { log } from "@/lib/log";

// SIGTERM (a deploy, `docker stop`, a scale-down) must not cut runs mid-sentence without a word:
// the instance stops taking runs, lets those it executes finish for the grace period, stops the
// rest cleanly, then lets Next close the server and exit. Next registers its own SIGTERM/SIGINT
// handler (exit at once) before instrumentation runs; it is taken off and called at the end, so
// plain `next start` behind any process manager gets the same shutdown as `npm start`.

type Step = { name: string; run: (graceMs: number) => Promise<void> };

export function installGracefulShutdown(graceSeconds: number, steps: Step[]): void {
  const globalState = globalThis as unknown as { atelierShutdownInstalled?: boolean };
  if (globalState.atelierShutdownInstalled) return;
  globalState.atelierShutdownInstalled = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const nexts = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, () => void shutdown(signal, graceSeconds * 1000, steps, nexts));
  }
}

async function shutdown(signal: NodeJS.Signals, graceMs: number, steps: Step[], nexts: NodeJS.SignalsListener[]): Promise<void> {
  log.info("shutting down", { signal, graceSeconds: graceMs / 1000 });
  // Whatever hangs, the process is gone within grace + 5 s.
  setTimeout(() => {
    log.error("shutdown took too long; exiting now", { signal });
    process.exit(1);
  }, graceMs + 5_000);
  for (const step of steps) {
    await step.run(graceMs).catch((error: Error) => log.error("a shutdown step failed", { step: step.name, error: error.message }));
  }
  log.info("shut down", { signal });
  if (nexts.length) for (const listener of nexts) listener(signal);
  else process.exit(0);
}
