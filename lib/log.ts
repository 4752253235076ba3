import SonicBoom from "sonic-boom";
import { getEnv } from "@/lib/env";

// Small structured logger: one JSON line per event, which every log collector can read.
//
// Lines go out through sonic-boom (pino's writer), asynchronously: `console.log` to a pipe (how
// containers and supervisors collect stdout) is a blocking write per line on Linux, and through
// Next's console wrappers it cost ~14% of a small API request's CPU (bench:runs); when the reader
// falls behind, the whole server waited on it. Lines written while a write is in flight go
// together in the next one. What is still buffered when the process exits is written then
// (flushSync below), so a clean exit loses nothing; a SIGKILL may lose the last lines, as with
// any buffered logger.
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

type Streams = { out: SonicBoom; err: SonicBoom };
let streams: Streams | null = null;

function open(): Streams {
  const opened = { out: new SonicBoom({ fd: 1, sync: false }), err: new SonicBoom({ fd: 2, sync: false }) };
  process.once("exit", () => {
    for (const stream of [opened.out, opened.err]) {
      try {
        stream.flushSync();
      } catch {
        // A closed stdout (the reader went away) has nowhere to flush to.
      }
    }
  });
  return opened;
}

/** Where finished lines go: stdout, or stderr for warnings and errors. Tests spy on it to read lines. */
export const logSink = {
  write(to: "out" | "err", line: string): void {
    streams ??= open();
    streams[to].write(`${line}\n`);
  },
};

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (levels[level] < levels[getEnv().LOG_LEVEL]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, errorReplacer);
  logSink.write(level === "error" || level === "warn" ? "err" : "out", line);
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
