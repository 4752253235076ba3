// Builds the Next.js app only when its inputs changed since the last successful build, so `npm start`
// is quick after the first time yet never serves a build older than the code.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** Everything `next build` reads that we change by hand (lib/generated too: it follows the schema). */
const INPUT_DIRS = ["app", "components", "lib", "public"];
const INPUT_FILES = [
  // Compiled by next build though outside app/ (proxy.ts, if it is ever added, belongs here too).
  "instrumentation.ts",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "tsconfig.json",
  "prisma/schema.prisma",
];
const SKIP_DIRS = new Set(["node_modules", ".git", ".next"]);
// Unit tests sit beside the code in lib/ but are not part of the app: editing one needs no rebuild.
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

const BUILD_ID = ".next/BUILD_ID";
const HASH_FILE = ".next/atelier-build-hash";

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) files.push(...(await listFiles(full)));
    } else if (entry.isFile() && !TEST_FILE.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** sha256 over the sorted input paths and their contents; missing inputs are skipped. */
export async function hashBuildInputs(root = process.cwd()): Promise<string> {
  const relative: string[] = [];
  for (const dir of INPUT_DIRS) {
    for (const file of await listFiles(path.join(root, dir))) relative.push(path.relative(root, file));
  }
  relative.push(...INPUT_FILES);
  // Sorted and with "/" separators so the hash does not depend on readdir order or the OS.
  const names = [...new Set(relative.map((name) => name.split(path.sep).join("/")))].sort();
  const hash = createHash("sha256");
  for (const name of names) {
    const content = await readFile(path.join(root, name)).catch(() => null);
    if (content === null) continue;
    // Length-prefixed so no two different file sets can produce the same byte stream.
    hash.update(`${name}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest("hex");
}

/** How often a quiet build says it is still working: `next build` prints nothing for minutes at a time. */
const PROGRESS_EVERY_MS = 10_000;

function runNextBuild(root: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [nextBin(root), "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let lastOutput = Date.now();
    let step = "starting";
    const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      stream.write(chunk);
      lastOutput = Date.now();
      // The last non-empty line names what next build is doing ("Creating an optimized production build", ...).
      const line = chunk.toString("utf8").split("\n").map((text) => text.replace(/\x1b\[[0-9;]*m/g, "").trim()).filter(Boolean).at(-1);
      if (line) step = line.replace(/^[^\p{L}]+/u, "").slice(0, 80);
    };
    child.stdout!.on("data", forward(process.stdout));
    child.stderr!.on("data", forward(process.stderr));
    const ticker = setInterval(() => {
      if (Date.now() - lastOutput < PROGRESS_EVERY_MS - 500) return;
      log(`Build: still building, ${Math.round((Date.now() - started) / 1000)} s so far (${step})`);
      lastOutput = Date.now();
    }, 1_000);
    child.on("error", (error) => {
      clearInterval(ticker);
      reject(error);
    });
    // "close", not "exit": the build's last lines are through the pipes by then.
    child.on("close", (code, signal) => {
      clearInterval(ticker);
      if (code === 0) {
        log(`Build: done in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else reject(new Error(`next build failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** next's own bin, run with this node: one process, and no npx lookup on every start. */
function nextBin(root: string): string {
  return createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
}

export interface EnsureBuildOptions {
  force?: boolean;
  log?: (line: string) => void;
  root?: string;
}

export type BuildState = "missing" | "stale" | "current";

/** Whether .next holds a build of exactly the current inputs (hash of the last successful build). */
export async function buildState(root = process.cwd(), hash?: string): Promise<BuildState> {
  const buildId = await readFile(path.join(root, BUILD_ID), "utf8").catch(() => null);
  if (buildId === null) return "missing";
  const builtHash = await readFile(path.join(root, HASH_FILE), "utf8").catch(() => null);
  return builtHash?.trim() === (hash ?? (await hashBuildInputs(root))) ? "current" : "stale";
}

/** Runs `next build` unless .next holds a build of exactly the current inputs. */
export async function ensureBuild(opts: EnsureBuildOptions = {}): Promise<void> {
  const root = opts.root ?? process.cwd();
  const log = opts.log ?? ((line: string) => console.log(line));
  const hash = await hashBuildInputs(root);
  if (opts.force) log("Build: forced, running next build");
  else {
    const state = await buildState(root, hash);
    if (state === "current") {
      log("Build: up to date");
      return;
    }
    log(
      state === "missing"
        ? "Build: no production build yet, building one (the first time takes about 3 minutes on 2 cores; later starts skip this)"
        : "Build: sources changed since the last build, building again (about 3 minutes on 2 cores)",
    );
  }
  await runNextBuild(root, log);
  // Written only after success, and with the hash of the inputs as they were when the build began:
  // a file edited during the build makes the next start rebuild.
  await writeFile(path.join(root, HASH_FILE), `${hash}\n`, "utf8");
}
