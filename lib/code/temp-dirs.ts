import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// The sandboxes' folders on the host (a pyodide snapshot of ~30 MB, each bwrap session's /mnt/data
// of up to 1 GiB) are removed when their process exits, but a process killed with SIGKILL runs no
// exit handler. Each folder's name carries its owner's pid, so the next process to make one removes
// those whose owner is gone (a pid reused since only delays that).

const swept = new Set<string>();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Removes `<prefix>-<pid>-*` folders in the temp folder whose pid no longer runs (once per process and prefix). */
export function sweepOrphanedDirs(prefix: string, root = os.tmpdir()): string[] {
  if (swept.has(`${root}\0${prefix}`)) return [];
  swept.add(`${root}\0${prefix}`);
  const removed: string[] = [];
  const pattern = new RegExp(`^${prefix}-(\\d+)-`);
  for (const name of readdirSync(/* turbopackIgnore: true */ root)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    try {
      rmSync(/* turbopackIgnore: true */ path.join(root, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's, or being removed: left for the system's temp cleaning.
    }
  }
  return removed;
}

/** A new folder `<prefix>-<this pid>-XXXXXX` (mode 700), after sweeping the dead owners' ones. */
export function makeOwnedDir(prefix: string): string {
  sweepOrphanedDirs(prefix);
  return mkdtempSync(/* turbopackIgnore: true */ path.join(os.tmpdir(), `${prefix}-${process.pid}-`));
}
