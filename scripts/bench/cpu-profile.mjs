// Preload for `BENCH_PROFILE=<dir> npm run bench:api`: records a V8 CPU profile of the process and
// writes it to $BENCH_PROFILE/<title>-<pid>.cpuprofile when the process exits. Node 20 refuses
// --cpu-prof in NODE_OPTIONS, but accepts `--import` of this file, so it reaches `next start` too.
// Plain JS: Next's server runs on plain node, without tsx.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  // 200 µs: fine enough for sub-millisecond request handlers, cheap enough not to skew the run much.
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  // SIGUSR2 starts the profile afresh: a bench sends it after its warm-up, so start-up and JIT
  // compilation stay out of what it measures.
  process.on("SIGUSR2", () => {
    session.post("Profiler.stop");
    session.post("Profiler.start");
  });
  process.on("exit", () => {
    // An in-thread inspector session answers synchronously, so this completes before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      const title = process.title.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "node";
      writeFileSync(path.join(dir, `${title}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
