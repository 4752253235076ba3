// Polls a server's /api/health until it answers 200: used by `npm start` and by the test harness,
// which both spawn `next start` and must not report "ready" before the database is migrated.

export type WaitForHealthOptions = {
  timeoutMs: number;
  intervalMs?: number;
  /** True once the server process has exited: no point waiting any longer. */
  exited: () => boolean;
};

export async function waitForHealth(url: string, { timeoutMs, intervalMs = 250, exited }: WaitForHealthOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    if (exited()) throw new Error("next start exited before it was ready");
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${body.slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
