import { afterEach, describe, expect, it } from "vitest";
import { RunChannels, type RunEvent } from "@/lib/runs/channels";
import { Fanout, type AttachOutcome, type FanoutTimings } from "@/lib/runs/bus/fanout";
import { LoopbackHub } from "@/lib/runs/bus/loopback";
import { memoryTransport } from "@/lib/runs/bus/memory";
import { decodeMessage } from "@/lib/runs/bus/protocol";

// The interest/forward protocol between instances, over an in-process transport (lib/runs/bus/loopback.ts):
// each "instance" has its own channels and bus, as separate processes would.

const FAST: Partial<FanoutTimings> = { noOwnerMs: 150, ownerLostMs: 400, aliveMs: 60, keepMs: 60, forwardIdleMs: 300, resumeMs: 30 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Instance = { id: string; channels: RunChannels; bus: Fanout; transport: ReturnType<LoopbackHub["transport"]> };
let started: Fanout[] = [];

async function instances(hub: LoopbackHub, ids: string[], timings: Partial<FanoutTimings> = FAST): Promise<Instance[]> {
  return Promise.all(
    ids.map(async (id) => {
      const transport = hub.transport(id);
      const channels = new RunChannels();
      const bus = new Fanout({ transport, channels, timings });
      await bus.start();
      started.push(bus);
      return { id, channels, bus, transport };
    }),
  );
}

/** Everything an attach yields, and how it ended. */
async function drain(source: AsyncGenerator<RunEvent[], AttachOutcome>, seen: string[] = []): Promise<{ events: string[]; outcome: AttachOutcome }> {
  for (;;) {
    const step = await source.next();
    if (step.done) return { events: seen, outcome: step.value };
    seen.push(...step.value.map(({ event }) => event));
  }
}

const run = () => `run_${Math.random().toString(36).slice(2)}`;

afterEach(async () => {
  await Promise.all(started.map((bus) => bus.stop()));
  started = [];
});

describe("run bus protocol", () => {
  it("publishing sends nothing while nobody elsewhere listens", async () => {
    const hub = new LoopbackHub();
    const [a] = await instances(hub, ["a", "b"]);
    const id = run();
    for (let i = 0; i < 100; i++) a!.channels.publish(id, "thread.message.delta", { i });
    a!.channels.endSegment(id);
    await sleep(20);
    expect(a!.transport.sent).toEqual([]);
  });

  it("forwards the open segment from its start, then live, in order, to done", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "earlier", {});
    a!.channels.endSegment(id); // an earlier segment: not replayed
    a!.channels.publish(id, "thread.run.queued", {});
    a!.channels.publish(id, "thread.run.in_progress", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(30);
    for (let i = 0; i < 20; i++) {
      a!.channels.publish(id, `delta.${i}`, { i });
      if (i % 5 === 0) await sleep(1);
    }
    a!.channels.publish(id, "thread.run.completed", {});
    a!.channels.endSegment(id);
    const { events, outcome } = await attached;
    expect(outcome).toBe("done");
    expect(events).toEqual(["thread.run.queued", "thread.run.in_progress", ...Array.from({ length: 20 }, (_, i) => `delta.${i}`), "thread.run.completed", "done"]);
    await sleep(20);
    expect(a!.bus.activity.forwards).toBe(0);
    // Only the interest was broadcast: the events went to b alone.
    expect(a!.transport.sent.every(({ to }) => to === "b")).toBe(true);
  });

  it("batches what is published in one turn into one message", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "thread.run.in_progress", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(30);
    for (let i = 0; i < 50; i++) a!.channels.publish(id, "delta", { i });
    a!.channels.endSegment(id);
    expect((await attached).events).toHaveLength(52);
    const eventMessages = a!.transport.sent.map(({ message }) => decodeMessage(message)).filter((message) => message?.t === "events");
    expect(eventMessages.length).toBeLessThanOrEqual(3);
  });

  it("shares one forward among the clients of one instance", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "first", {});
    const one = drain(b!.bus.attach(id));
    await sleep(30);
    a!.channels.publish(id, "second", {});
    await sleep(10);
    const two = drain(b!.bus.attach(id)); // joins late: still gets the segment from its start
    await sleep(10);
    expect(a!.bus.activity.forwards).toBe(1);
    a!.channels.endSegment(id);
    expect((await one).events).toEqual(["first", "second", "done"]);
    expect((await two).events).toEqual(["first", "second", "done"]);
  });

  it("answers no_owner after about noOwnerMs when nobody holds the run's open segment", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"], { ...FAST, noOwnerMs: 1_000 });
    const id = run();
    a!.channels.publish(id, "thread.run.requires_action", {});
    a!.channels.endSegment(id); // ended here: the run goes on elsewhere, or is over
    const startedAt = Date.now();
    const { events, outcome } = await drain(b!.bus.attach(id));
    const elapsed = Date.now() - startedAt;
    expect(outcome).toBe("no_owner");
    expect(events).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_500);
  });

  it("answers no_owner at once on the in-process transport", async () => {
    const bus = new Fanout({ transport: memoryTransport("solo"), channels: new RunChannels() });
    const startedAt = Date.now();
    expect((await drain(bus.attach(run()))).outcome).toBe("no_owner");
    expect(Date.now() - startedAt).toBeLessThan(50);
  });

  it("keeps a quiet run attached with keep-alives, longer than ownerLostMs", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "thread.run.in_progress", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(FAST.ownerLostMs! * 2.5);
    a!.channels.publish(id, "late", {});
    a!.channels.endSegment(id);
    expect(await attached).toEqual({ events: ["thread.run.in_progress", "late", "done"], outcome: "done" });
  });

  it("answers owner_lost when the forwarder falls silent", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "thread.run.in_progress", {});
    const seen: string[] = [];
    const attached = drain(b!.bus.attach(id), seen);
    await sleep(50);
    expect(seen).toEqual(["thread.run.in_progress"]);
    const cutAt = Date.now();
    a!.transport.reachable = false; // its process froze, or its connection is gone
    const { outcome } = await attached;
    expect(outcome).toBe("owner_lost");
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(FAST.ownerLostMs! - 80);
  });

  it("answers owner_lost at once when the owner stops its bus", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "thread.run.in_progress", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(50);
    const stoppedAt = Date.now();
    await a!.bus.stop();
    expect((await attached).outcome).toBe("owner_lost");
    expect(Date.now() - stoppedAt).toBeLessThan(FAST.ownerLostMs! / 2);
  });

  it("stops forwarding when the client goes away, and when its instance vanishes", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "thread.run.in_progress", {});
    const controller = new AbortController();
    const attached = drain(b!.bus.attach(id, controller.signal));
    await sleep(50);
    expect(a!.bus.activity.forwards).toBe(1);
    controller.abort();
    expect((await attached).outcome).toBe("aborted");
    await sleep(30);
    expect(a!.bus.activity.forwards).toBe(0);

    void drain(b!.bus.attach(id));
    await sleep(50);
    expect(a!.bus.activity.forwards).toBe(1);
    b!.transport.reachable = false; // no release, no keep: a forwarder must give up by itself
    await sleep(FAST.forwardIdleMs! + 150);
    expect(a!.bus.activity.forwards).toBe(0);
  });

  it("asks again from the gap when a message is lost, and delivers each event once, in order", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "e0", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(30);
    let dropped = 0;
    hub.drop = (to, message) => to === "b" && decodeMessage(message)?.t === "events" && dropped++ < 2;
    a!.channels.publish(id, "e1", {});
    await sleep(5);
    a!.channels.publish(id, "e2", {});
    await sleep(5);
    hub.drop = () => false;
    a!.channels.publish(id, "e3", {});
    await sleep(5);
    a!.channels.publish(id, "e4", {});
    await sleep(FAST.aliveMs! * 3); // the trailing loss shows in an alive's `next`
    a!.channels.endSegment(id);
    expect(dropped).toBe(2);
    expect(await attached).toEqual({ events: ["e0", "e1", "e2", "e3", "e4", "done"], outcome: "done" });
  });

  it("still starts from the segment's start when the first messages are lost", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "e0", {});
    a!.channels.publish(id, "e1", {});
    let dropped = 0;
    hub.drop = (to) => to === "b" && dropped < 2 && ++dropped > 0; // the hello and the replay
    const attached = drain(b!.bus.attach(id));
    await sleep(30);
    a!.channels.publish(id, "e2", {});
    await sleep(30);
    a!.channels.endSegment(id);
    expect(dropped).toBe(2);
    expect(await attached).toEqual({ events: ["e0", "e1", "e2", "done"], outcome: "done" });
  });

  it("recovers a lost last message through the alive's position", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    a!.channels.publish(id, "e0", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(30);
    let dropped = 0;
    hub.drop = (to, message) => to === "b" && decodeMessage(message)?.t === "events" && dropped++ < 1;
    a!.channels.publish(id, "e1", {});
    a!.channels.endSegment(id); // e1 and done in one message, lost
    expect(await attached).toEqual({ events: ["e0", "e1", "done"], outcome: "done" });
  });

  it("takes one forwarder when two instances answer", async () => {
    const hub = new LoopbackHub();
    const [a, b, c] = await instances(hub, ["a", "b", "c"]);
    const id = run();
    a!.channels.publish(id, "x", {});
    c!.channels.publish(id, "x", {});
    const attached = drain(b!.bus.attach(id));
    await sleep(50);
    expect(a!.bus.activity.forwards + c!.bus.activity.forwards).toBe(1);
    a!.channels.endSegment(id);
    c!.channels.endSegment(id);
    expect(await attached).toEqual({ events: ["x", "done"], outcome: "done" });
  });

  it("replays a long segment in several messages, intact", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const id = run();
    for (let i = 0; i < 1_234; i++) a!.channels.publish(id, `e${i}`, { i });
    const attached = drain(b!.bus.attach(id));
    await sleep(50);
    a!.channels.endSegment(id);
    const { events } = await attached;
    expect(events).toHaveLength(1_235);
    expect(events.slice(0, 3)).toEqual(["e0", "e1", "e2"]);
    expect(events.at(-2)).toBe("e1233");
  });

  it("delivers a cancel command to every instance's handlers, the sender's included", async () => {
    const hub = new LoopbackHub();
    const [a, b] = await instances(hub, ["a", "b"]);
    const heardA: unknown[] = [];
    const heardB: unknown[] = [];
    a!.bus.onCommand((command) => heardA.push(command));
    const off = b!.bus.onCommand((command) => heardB.push(command));
    await b!.bus.sendCommand({ type: "cancel", runId: "run_1" });
    await sleep(10);
    expect(heardA).toEqual([{ type: "cancel", runId: "run_1" }]);
    expect(heardB).toEqual([{ type: "cancel", runId: "run_1" }]);
    off();
    await a!.bus.sendCommand({ type: "cancel", runId: "run_2" });
    await sleep(10);
    expect(heardB).toHaveLength(1);
    expect(heardA).toHaveLength(2);
  });
});
