// The other instance of `npm run bench:bus` (scripts/bench/bus.ts), in a process of its own so its
// CPU is not counted as the publisher's: it attaches to every run it is told of over the bus
// (Postgres or Redis, as told), counts what arrives, and reports its CPU time when all have ended.
import { RunChannels } from "@/lib/runs/channels";
import { Fanout } from "@/lib/runs/bus/fanout";
import { busTransport, type BenchBusKind } from "./bus-transport";

type Start = { kind: BenchBusKind; channel: string; runs: string[] };

process.once("message", async (start: Start) => {
  const transport = busTransport(start.kind, `peer-${process.pid}`, start.channel);
  const bus = new Fanout({ transport, channels: new RunChannels() });
  await bus.start();
  const cpuBefore = process.cpuUsage();
  const outcomes: Record<string, number> = {};
  let events = 0;
  const latencies: number[] = [];
  process.send!({ type: "attached" });
  await Promise.all(
    start.runs.map(async (runId) => {
      const source = bus.attach(runId);
      for (;;) {
        const step = await source.next();
        if (step.done) {
          outcomes[step.value] = (outcomes[step.value] ?? 0) + 1;
          return;
        }
        events += step.value.length;
        const now = Date.now();
        for (const { data } of step.value) {
          const at = (data as { at?: number } | null)?.at;
          if (at) latencies.push(now - at);
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((x, y) => x - y);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const latency = { p50: at(50), p99: at(99) };
  process.send!({ type: "done", events, outcomes, cpuMs: (cpu.user + cpu.system) / 1000, resumes: bus.activity.resumes, latency });
  await bus.stop();
  process.exit(0);
});
