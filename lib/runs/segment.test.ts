import { describe, expect, it } from "vitest";
import { runSegment } from "@/lib/runs/segment";
import { fakeRun, fakeWorld, textParts, toolParts } from "@/lib/runs/testing/fake-io";
import type { ToolExecutor } from "@/lib/runs/tools/executor";
import { fileSearchExecutor } from "@/lib/runs/tools/file-search";
import { RunStop } from "@/lib/runs/watchdog";

const start = { history: [], lastAt: 0 };
const names = (world: ReturnType<typeof fakeWorld>) => world.events.map((event) => event.event);
const lastEnd = (world: ReturnType<typeof fakeWorld>) => world.ends.at(-1)!;

// A server-side tool for the loop's tests: echoes its arguments, or hangs until aborted.
const echo: ToolExecutor = {
  name: "test_echo",
  handles: (call) => call.name.startsWith("server_"),
  execute: async (call, { signal }) => {
    if (call.name === "server_hang") await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    if (call.name === "server_throw") throw new Error("boom");
    return `echo ${call.arguments}`;
  },
};

describe("runSegment", () => {
  it("streams text into one message and completes with run, message and step in one write", async () => {
    const world = fakeWorld([{ parts: textParts("Hel", "lo") }]);
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    expect(names(world)).toEqual([
      "thread.run.in_progress", "thread.run.step.created", "thread.run.step.in_progress", "thread.message.created", "thread.message.in_progress",
      "thread.message.delta", "thread.message.delta", "thread.message.completed", "thread.run.step.completed", "thread.run.completed",
    ]);
    expect(world.ends).toHaveLength(1);
    expect(lastEnd(world)).toMatchObject({ data: { status: "completed" }, message: { text: "Hello", reason: null }, steps: [{ status: "completed" }] });
  });

  it("paces deltas to one per deltaMs: the first at once, the rest merged, none lost", async () => {
    const chunks = Array.from({ length: 30 }, (_, index) => `t${index} `);
    const world = fakeWorld([{ parts: textParts(...chunks), gapMs: 5 }], { limits: { deltaMs: 40 } });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    const deltas = world.events.filter((event) => event.event === "thread.message.delta");
    const texts = deltas.map((event) => (event.data as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value);
    expect(texts.join("")).toBe(chunks.join(""));
    expect(texts[0]).toBe("t0 ");
    // ~150 ms of text at one delta per 40 ms: a handful of deltas, not 30.
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.length).toBeLessThanOrEqual(8);
  });

  it("ends `cancelled` (not failed) when cancelled before the model's first byte", async () => {
    const world = fakeWorld([{ parts: textParts("late"), firstDelayMs: 10_000 }]);
    const control = new AbortController();
    setTimeout(() => control.abort(), 50);
    expect(await runSegment(fakeRun(), control, world.io, start)).toBe("cancelled");
    expect(lastEnd(world).data).toMatchObject({ status: "cancelled", cancelledAt: expect.any(Date) });
    expect(names(world).at(-1)).toBe("thread.run.cancelled");
  });

  it("keeps the text so far, incomplete, when cancelled mid-stream", async () => {
    const world = fakeWorld([{ parts: textParts("a", "b", "c", "d"), hangAfter: 4 }]);
    const control = new AbortController();
    setTimeout(() => control.abort(), 100);
    expect(await runSegment(fakeRun(), control, world.io, start)).toBe("cancelled");
    expect(lastEnd(world)).toMatchObject({ message: { text: "ab", reason: "run_cancelled" }, steps: [{ status: "cancelled" }], closeOthers: "cancelled" });
  });

  it("fails with a plain last_error when the model never answers", async () => {
    const world = fakeWorld([{ parts: textParts("never"), firstDelayMs: 60_000 }], { limits: { firstByteMs: 100 } });
    const began = Date.now();
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("failed");
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(lastEnd(world).data).toMatchObject({ status: "failed", lastError: { code: "server_error", message: expect.stringContaining("ATELIER_MODEL_TIMEOUT_SECONDS") } });
  });

  it("fails when the model stalls mid-answer, keeping what it sent", async () => {
    const world = fakeWorld([{ parts: textParts("one", " two", " three"), hangAfter: 4 }], { limits: { idleMs: 100 } });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("failed");
    expect(lastEnd(world)).toMatchObject({
      data: { lastError: { message: expect.stringContaining("ATELIER_MODEL_IDLE_TIMEOUT_SECONDS") } },
      message: { text: "one two", reason: "run_failed" },
      steps: [{ status: "failed" }],
    });
  });

  it("stops at the stretch's deadline even while the model keeps sending", async () => {
    const world = fakeWorld([{ parts: textParts(...Array.from({ length: 1000 }, () => "x")), gapMs: 20 }], { limits: { maxMs: 200 } });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("failed");
    expect(lastEnd(world).data).toMatchObject({ lastError: { message: expect.stringContaining("ATELIER_RUN_MAX_SECONDS") } });
  });

  it("saves the text on a timer while it streams, and notices a cancel made elsewhere", async () => {
    const world = fakeWorld([{ parts: textParts(...Array.from({ length: 200 }, (_, i) => `${i} `)), gapMs: 5 }], { limits: { flushMs: 100 } });
    setTimeout(() => (world.statusInStore = "cancelling"), 450);
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("cancelled");
    expect(world.saves.length).toBeGreaterThanOrEqual(3);
    expect(world.saves.length).toBeLessThan(15);
  });

  it("saves each character within flushMs of its arrival, and no more often than that needs", async () => {
    // 2 = stream-start and text-start: part i + 2 is the text "i ".
    const chunks = Array.from({ length: 60 }, (_, i) => `${i} `);
    const world = fakeWorld([{ parts: textParts(...chunks), gapMs: 10 }], { limits: { flushMs: 100 } });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    const full = chunks.join("");
    chunks.forEach((chunk, i) => {
      const arrived = world.partTimes[i + 2]!;
      const end = full.indexOf(chunk) + chunk.length;
      const saved = world.saves.find((save) => save.text.length >= end);
      // Saved by a timer within flushMs (timers may run a little late), or by the end of the run.
      if (saved) expect(saved.at - arrived).toBeLessThan(100 + 40);
      else expect(lastEnd(world).message).toBeTruthy();
    });
    // ~600 ms of text, a save due 100 ms after the first unsaved text: 5-6 saves, not one per chunk.
    expect(world.saves.length).toBeGreaterThanOrEqual(4);
    expect(world.saves.length).toBeLessThanOrEqual(7);
  });

  it("a stopped run (shutdown) fails saying why", async () => {
    const world = fakeWorld([{ parts: textParts("a"), firstDelayMs: 10_000 }]);
    const control = new AbortController();
    setTimeout(() => control.abort(new RunStop("Atelier was shutting down")), 50);
    expect(await runSegment(fakeRun(), control, world.io, start)).toBe("failed");
    expect(lastEnd(world).data).toMatchObject({ lastError: { message: "Atelier was shutting down" } });
  });

  it("asks the client for its functions with requires_action", async () => {
    const world = fakeWorld([{ parts: toolParts([{ id: "call_1", name: "lookup", input: "{}" }]) }]);
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("requires_action");
    expect(lastEnd(world).data).toMatchObject({ status: "requires_action", requiredAction: { submit_tool_outputs: { tool_calls: [{ id: "call_1" }] } } });
    expect(names(world).at(-1)).toBe("thread.run.requires_action");
  });

  it("runs server-side tools and calls the model again with their outputs", async () => {
    const world = fakeWorld([{ parts: toolParts([{ id: "call_s", name: "server_add", input: '{"a":1}' }]) }, { parts: textParts("done") }], { executors: [echo] });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    expect(world.modelCalls).toBe(2);
    expect(world.ends[0]).toMatchObject({ data: { modelCalls: [expect.any(Object)] }, steps: [{ status: "completed", details: { tool_calls: [{ function: { output: 'echo {"a":1}' } }] } }] });
    const deltas = world.events.filter((event) => event.event === "thread.run.step.delta").map((event) => JSON.stringify(event.data));
    expect(deltas.some((delta) => delta.includes("echo"))).toBe(true);
  });

  it("costs the run and each step from their usage at the model's price, over every model call", async () => {
    const price = { inputPerMillion: 2, outputPerMillion: 8, currency: "USD" };
    const world = fakeWorld([{ parts: toolParts([{ id: "call_s", name: "server_add", input: "{}" }]) }, { parts: textParts("a", "b", "c") }], { executors: [echo], price });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    // Call 1: 5 in, 1 out; call 2: 5 in, 3 out → 10 × 2 + 4 × 8 = 52 per 1M.
    expect(world.ends[0]!.steps.find((step) => step.details)?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 1, total_tokens: 6, cost: { amount: 0.000018, currency: "USD" } });
    expect(lastEnd(world).data.usage).toEqual({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14, cost: { amount: 0.000052, currency: "USD" } });
    expect(lastEnd(world).steps[0]!.usage?.cost).toEqual({ amount: 0.000034, currency: "USD" });
  });

  it("states no cost without a price, nor when the price cannot be read (the run goes on)", async () => {
    const unpriced = fakeWorld([{ parts: textParts("hi") }]);
    expect(await runSegment(fakeRun(), new AbortController(), unpriced.io, start)).toBe("completed");
    expect(lastEnd(unpriced).data.usage).toEqual({ prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 });
    const broken = fakeWorld([{ parts: textParts("hi") }], { price: () => Promise.reject(new Error("connection reset")) });
    expect(await runSegment(fakeRun(), new AbortController(), broken.io, start)).toBe("completed");
    expect(lastEnd(broken).data.usage).not.toHaveProperty("cost");
  });

  it("a run resumed after tool outputs is costed over all its tokens, an earlier cost replaced", async () => {
    const price = { inputPerMillion: 1, outputPerMillion: 1, currency: "EUR" };
    const earlier = { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110, cost: { amount: 99, currency: "USD" } };
    const world = fakeWorld([{ parts: textParts("x") }], { price, run: fakeRun({ status: "queued", startedAt: new Date(), usage: earlier }) });
    expect(await runSegment(fakeRun({ status: "queued", startedAt: new Date(), usage: earlier }), new AbortController(), world.io)).toBe("completed");
    expect(lastEnd(world).data.usage).toEqual({ prompt_tokens: 105, completion_tokens: 11, total_tokens: 116, cost: { amount: 0.000116, currency: "EUR" } });
  });

  it("gives a failing or slow tool's error to the model, and waits only for the client's calls", async () => {
    const world = fakeWorld(
      [{ parts: toolParts([{ id: "c1", name: "server_throw", input: "{}" }, { id: "c2", name: "server_hang", input: "{}" }, { id: "c3", name: "client_fn", input: "{}" }]) }],
      { executors: [echo], limits: { toolTimeoutMs: 100 } },
    );
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("requires_action");
    const end = lastEnd(world);
    expect(end.data).toMatchObject({ requiredAction: { submit_tool_outputs: { tool_calls: [{ id: "c3" }] } } });
    const calls = (end.steps.at(-1)!.details as { tool_calls: { id: string; function: { output: string | null } }[] }).tool_calls;
    expect(calls.map((call) => call.function.output)).toEqual([expect.stringContaining("boom"), expect.stringContaining("did not finish"), null]);
  });

  it("ends cancelled when cancelled while a server-side tool runs", async () => {
    const world = fakeWorld([{ parts: toolParts([{ id: "c1", name: "server_hang", input: "{}" }]) }], { executors: [echo] });
    const control = new AbortController();
    setTimeout(() => control.abort(), 100);
    expect(await runSegment(fakeRun(), control, world.io, start)).toBe("cancelled");
    expect(lastEnd(world)).toMatchObject({ data: { status: "cancelled" }, steps: [{ status: "cancelled" }] });
  });

  it("a queued run taken by someone else is left alone", async () => {
    const world = fakeWorld([], { run: fakeRun({ status: "cancelled" }) });
    expect(await runSegment(fakeRun({ status: "queued" }), new AbortController(), world.io)).toBe("not_queued");
    expect(world.modelCalls).toBe(0);
  });

  it("says how the run stands when another writer ended it first", async () => {
    const world = fakeWorld([{ parts: textParts("x") }], { run: fakeRun({ status: "failed" }) });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("failed");
    expect(names(world).at(-1)).toBe("thread.run.failed");
  });

  it("runs file_search itself: a file_search step with results, streamed without their text, and the answer's markers as file_citation annotations", async () => {
    const search = fileSearchExecutor({
      storeIds: async () => ["vs_1"],
      search: async () => ({ searchQuery: ["otters"], hits: [{ vectorStoreId: "vs_1", fileId: "file-a", filename: "a.md", chunkId: "c1", score: 0.8, text: "Otters hold hands.", attributes: {}, start: 0, end: 18, parts: { keyword: 0.8, semantic: null } }], semantic: "off" }),
    });
    const answer = "Otters hold hands 【0:0†a.md】, unlike 【7:7†made-up】.";
    const world = fakeWorld([{ parts: toolParts([{ id: "call_fs", name: "file_search", input: '{"query":"otters"}' }]) }, { parts: textParts(answer) }], { executors: [search] });
    const run = fakeRun({ tools: [{ type: "file_search" }] });
    expect(await runSegment(run, new AbortController(), world.io, start)).toBe("completed");
    expect(world.modelCalls).toBe(2);
    const [turnEnd, finalEnd] = world.ends;
    expect(turnEnd!.steps[0]!.details).toMatchObject({ type: "tool_calls", tool_calls: [{ id: "call_fs", type: "file_search", file_search: { results: [{ file_id: "file-a", content: [{ text: "Otters hold hands." }] }] } }] });
    const deltas = world.events.filter((event) => event.event === "thread.run.step.delta").map((event) => JSON.stringify(event.data));
    expect(deltas[0]).toContain('"type":"file_search","file_search":{}');
    expect(deltas.at(-1)).toContain('"file_name":"a.md"');
    expect(deltas.join("")).not.toContain("Otters hold hands");
    expect(deltas.join("")).not.toContain("_model");
    const marker = "【0:0†a.md】";
    expect(finalEnd!.message).toMatchObject({ text: answer, annotations: [{ type: "file_citation", text: marker, start_index: answer.indexOf(marker), end_index: answer.indexOf(marker) + marker.length, file_citation: { file_id: "file-a" } }] });
    expect((finalEnd!.message!.annotations ?? []).length).toBe(1);
    const annotationEvent = world.events.find((event) => event.event === "thread.message.delta" && JSON.stringify(event.data).includes("file_citation"));
    expect(annotationEvent?.data).toMatchObject({ delta: { content: [{ index: 0, text: { annotations: [{ index: 0, file_citation: { file_id: "file-a" } }] } }] } });
  });
});
