import { describe, expect, it } from "vitest";
import { cursorOf, endSegment, publish, segmentStartOf, subscribe } from "@/lib/runs/events";

// A run's events: a subscriber from a cursor gets what came after it, live, up to the segment's end;
// a late subscriber replays the current segment only.

async function collect(iterable: AsyncIterable<{ event: string }[]>): Promise<string[]> {
  const names: string[] = [];
  for await (const batch of iterable) names.push(...batch.map(({ event }) => event));
  return names;
}

describe("run events", () => {
  it("delivers from the cursor, live, and ends at done", async () => {
    const run = `run_test_${Math.random()}`;
    publish(run, "before", {});
    const listening = collect(subscribe(run, cursorOf(run)));
    publish(run, "a", {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    publish(run, "b", {});
    endSegment(run);
    expect(await listening).toEqual(["a", "b", "done"]);
  });

  it("replays the current segment to a late subscriber, not the earlier ones", async () => {
    const run = `run_test_${Math.random()}`;
    publish(run, "first", {});
    endSegment(run);
    publish(run, "second", {}); // outputs submitted: a new segment
    const late = collect(subscribe(run, segmentStartOf(run)!));
    endSegment(run);
    expect(await late).toEqual(["second", "done"]);
  });

  it("delivers what was published in one turn as one batch", async () => {
    const run = `run_test_${Math.random()}`;
    const batches: string[][] = [];
    const listening = (async () => {
      for await (const batch of subscribe(run, cursorOf(run))) batches.push(batch.map(({ event }) => event));
    })();
    publish(run, "a", {});
    publish(run, "b", {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    publish(run, "c", {});
    endSegment(run);
    publish(run, "next segment", {});
    await listening;
    expect(batches).toEqual([["a", "b"], ["c", "done"]]);
  });

  it("stops when the subscriber's signal aborts", async () => {
    const run = `run_test_${Math.random()}`;
    const controller = new AbortController();
    const listening = collect(subscribe(run, cursorOf(run), controller.signal));
    publish(run, "a", {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await listening).toEqual(["a"]);
  });
});
