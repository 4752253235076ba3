// npm run soak:embedded -- --minutes N [--max-gap S]
// Starts the console on the embedded database (as `npm start` does with no DATABASE_URL, in a
// temporary data folder), then for N minutes mixes rounds of traffic (sign-in, console pages, API
// calls, a streamed run, a tool-call run) with idle gaps of up to --max-gap seconds (default 90,
// longer than the minute after which the embedded database used to drop its connection).
// Prints each round, then the errors (0 expected) and the server's memory at the start and end.
// Needs a production build (`npm start` or `npm run build` makes one).
import { parseArgs } from "node:util";
import { runEmbeddedSoak } from "./soak/run-soak";

const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" }, "max-gap": { type: "string", default: "90" } } });
const minutes = Number(values.minutes);
const maxGap = Number(values["max-gap"]);
if (!(minutes > 0) || !(maxGap >= 0)) {
  console.error("usage: npm run soak:embedded -- --minutes N [--max-gap SECONDS]");
  process.exit(2);
}

const started = Date.now();
const report = await runEmbeddedSoak({
  firstIdleMs: Math.min(maxGap, 90) * 1000,
  durationMs: minutes * 60_000,
  gapMs: () => Math.round(Math.random() * maxGap * 1000),
  log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`),
});
console.log(`\nrounds: ${report.rounds}, requests: ${report.requests}, errors: ${report.failures.length}`);
console.log(`server memory: ${report.memoryStartMiB ?? "?"} MiB at start, ${report.memoryEndMiB ?? "?"} MiB at end`);
for (const failure of report.failures) console.log(`  ${failure}`);
process.exit(report.failures.length === 0 ? 0 : 1);
