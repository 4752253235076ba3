// Drives one scenario against one server with autocannon's programmatic API: a short warm-up
// (JIT, connection pools, Postgres caches) that is not counted, then the measured run.
//
// The warm-up is ~2 s but at least `warmupMinRequests`: V8 optimises code after it has run many
// times, not after a while, and `next start` (far more code on the request path) still gets ~2.5×
// cheaper per request over its first ~2,000 requests. A 2 s warm-up alone would measure the fast
// bare server warm (thousands of requests) and Atelier half cold (a few hundred).
import autocannon from "autocannon";
import { cpuSeconds } from "./process-cpu";

export type Scenario = {
  name: "retrieve" | "list" | "create";
  method: "GET" | "POST";
  /** Called for every request, so each one can hit a different id or cursor. */
  path: () => string;
  body?: string;
};

export type LoadOptions = { connections: number; durationSec: number; warmupSec: number; warmupMinRequests: number };

export type Figures = {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server-process CPU per answered request over the measured run, when the pid is known. */
  cpuMsPerReq: number | null;
  /** A few status codes seen, to say what went wrong when non2xx > 0. */
  statuses: string;
};

type Limit = { duration: number } | { amount: number };

function fire(url: string, apiKey: string, scenario: Scenario, connections: number, limit: Limit) {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (scenario.body) headers["content-type"] = "application/json";
  return autocannon({
    url,
    connections,
    ...limit,
    // No pipelining: API clients send one request at a time per connection.
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: scenario.method,
        headers,
        body: scenario.body,
        // A fresh path per request: a fixed id would measure a hot cache line, not a workspace.
        setupRequest: (request) => ({ ...request, path: scenario.path() }),
      },
    ],
  });
}

const sum = <T>(items: T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);

export async function runScenario(
  target: { baseURL: string; pid: number | null },
  apiKey: string,
  scenario: Scenario,
  opts: LoadOptions,
): Promise<Figures> {
  const warmups = [await fire(target.baseURL, apiKey, scenario, opts.connections, { duration: opts.warmupSec })];
  const shortBy = opts.warmupMinRequests - warmups[0]!.requests.total;
  if (shortBy > 0) warmups.push(await fire(target.baseURL, apiKey, scenario, opts.connections, { amount: shortBy }));
  const cpuBefore = target.pid ? cpuSeconds(target.pid) : null;
  const result = await fire(target.baseURL, apiKey, scenario, opts.connections, { duration: opts.durationSec });
  const cpuAfter = target.pid ? cpuSeconds(target.pid) : null;
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, stat]) => `${code}×${stat.count ?? 0}`)
    .join(" ");
  return {
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // Failures in the warm-up invalidate the run too: they mean the server is not serving the scenario.
    non2xx: result.non2xx + sum(warmups, (run) => run.non2xx),
    errors: result.errors + sum(warmups, (run) => run.errors),
    timeouts: result.timeouts + sum(warmups, (run) => run.timeouts),
    statuses,
    cpuMsPerReq: cpuBefore !== null && cpuAfter !== null ? (1000 * (cpuAfter - cpuBefore)) / result.requests.total : null,
  };
}
