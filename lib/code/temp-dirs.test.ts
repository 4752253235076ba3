import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sweepOrphanedDirs } from "@/lib/code/temp-dirs";

// Folders left by a process killed with SIGKILL (its exit handler never ran) go at the next start;
// those of processes still running, this one's included, stay.

const root = mkdtempSync(path.join(os.tmpdir(), "temp-dirs-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sweepOrphanedDirs", () => {
  it("removes the folders of owners that are gone and keeps the living ones'", () => {
    // A pid that ran and ended: a child that has exited.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const gone = path.join(root, `atelier-x-${dead}-abc`);
    const mine = path.join(root, `atelier-x-${process.pid}-def`);
    const parents = path.join(root, `atelier-x-${process.ppid}-ghi`);
    const other = path.join(root, `other-${dead}-jkl`);
    for (const dir of [gone, mine, parents, other]) mkdirSync(path.join(dir, "data"), { recursive: true });
    expect(sweepOrphanedDirs("atelier-x", root)).toEqual([path.basename(gone)]);
    expect([gone, mine, parents, other].map((dir) => existsSync(dir))).toEqual([false, true, true, true]);
    // Once per process and prefix.
    mkdirSync(gone);
    expect(sweepOrphanedDirs("atelier-x", root)).toEqual([]);
  });
});
