import { performance, type EventLoopUtilization } from "node:perf_hooks";

// How far apart a run's text deltas go out (lib/runs/model-turn.ts): ATELIER_STREAM_DELTA_MS
// while the event loop has room, up to 3× that when it is busy. Every event costs the server the
// same whatever text it carries (the write through Next, the socket, the client's parse), so under
// load the same text goes out in fewer, larger deltas and the time that frees goes to runs that are
// starting: 200 streams at 50 tokens/s kept time to first token p99 at 1.4-1.6 s with one delta per
// 50 ms and 0.4-0.5 s with one per 100 ms (bench:runs). Below 60% busy nothing changes.

const RELAXED = 0.6;
const MAX_FACTOR = 3;
const SAMPLE_MS = 500;

/**
 * The factor for the delta interval from the event loop's utilization (0-1) over the last sample:
 * 1 up to 60%, then rising linearly to 3 at 100%. It rises at once and falls by at most a quarter
 * per sample, so a brief lull under steady load does not swing it back and forth.
 */
export function paceFactorFor(utilization: number, previous: number): number {
  const target = utilization <= RELAXED ? 1 : Math.min(MAX_FACTOR, 1 + ((utilization - RELAXED) / (1 - RELAXED)) * (MAX_FACTOR - 1));
  return target >= previous ? target : Math.max(target, previous * 0.75);
}

let factor = 1;
let sampler: NodeJS.Timeout | undefined;

/** The current factor; the first call starts sampling the event loop (every 500 ms, unref'd). */
export function paceFactor(): number {
  if (!sampler) {
    let last: EventLoopUtilization = performance.eventLoopUtilization();
    sampler = setInterval(() => {
      const now = performance.eventLoopUtilization();
      factor = paceFactorFor(performance.eventLoopUtilization(now, last).utilization, factor);
      last = now;
    }, SAMPLE_MS);
    sampler.unref();
  }
  return factor;
}
