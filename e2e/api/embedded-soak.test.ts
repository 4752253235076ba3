import { describe, expect, it } from "vitest";
import { runEmbeddedSoak } from "../../scripts/soak/run-soak";

// The newcomer's path: `npm start` with no DATABASE_URL (embedded PGlite), left alone for two
// minutes, then used — API calls, a streamed run, a tool-call run, the console's pages. The
// embedded database used to cut its one connection a minute after it opened, and the next
// connection then failed every named statement (42P05), so everything keyed answered 500 from
// then on while /api/health said ok. Nothing here may answer 5xx or render the error page.

const IDLE_MS = 125_000;

describe("the embedded database after two minutes of idleness", () => {
  it("serves API calls, streamed and tool-call runs and console pages without an error", { timeout: 300_000 }, async () => {
    const report = await runEmbeddedSoak({ firstIdleMs: IDLE_MS, durationMs: 0, gapMs: () => 0 });
    expect(report.failures, report.serverLog.slice(-3000)).toEqual([]);
    expect(report.rounds).toBe(1);
    expect(report.requests).toBeGreaterThan(15);
  });
});
