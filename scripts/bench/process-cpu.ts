// CPU time a server process spends, read from /proc (Linux). Throughput on a shared 2-core machine
// moves with whatever else runs; CPU time per request barely does, so it is the steadier way to
// compare what each server costs. Returns null where /proc or `ss` are missing: the figure is extra.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

/** The pid listening on a loopback TCP port (for `next start`, whose listener is not the pid we spawned). */
export function pidListeningOn(port: number): number | null {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const match = /pid=(\d+)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number | null {
  if (os.platform() !== "linux") return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may itself hold spaces): utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
