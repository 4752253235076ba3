import "server-only";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";
import { BwrapSession } from "@/lib/code/bwrap-sandbox";
import type { CodeSession } from "@/lib/code/sandbox";

// The code interpreter's live sessions on this instance (issue 23): one per thread, so a thread's
// calls share variables and /mnt/data and threads share nothing. A session idle for 20 minutes is
// closed; past ATELIER_CODE_MAX_SESSIONS the least recently used is closed to make room (its
// thread starts an empty one at its next call, and the model is told). Sessions live in this
// process only: another instance, or this one restarted, starts the thread's session again empty.

export const IDLE_MS = 20 * 60_000;
const SWEEP_MS = 60_000;

type Entry = { session: CodeSession; lastUsed: number; busy: number };
type Registry = { entries: Map<string, Entry>; timer?: NodeJS.Timeout };

const state = globalThis as unknown as { atelierCodeSessions?: Registry };

function registry(): Registry {
  if (!state.atelierCodeSessions) {
    const made: Registry = { entries: new Map() };
    made.timer = setInterval(() => closeIdle(made), SWEEP_MS);
    made.timer.unref();
    state.atelierCodeSessions = made;
  }
  return state.atelierCodeSessions;
}

function closeIdle(made: Registry, now = Date.now()): void {
  for (const [key, entry] of made.entries) {
    if (entry.busy === 0 && now - entry.lastUsed > IDLE_MS) {
      entry.session.close();
      made.entries.delete(key);
    }
  }
}

/** A session on the sandbox ATELIER_CODE_SANDBOX names, with this instance's limits. */
export function newSession(): CodeSession {
  const env = getEnv();
  const limits = { timeoutMs: env.ATELIER_CODE_TIMEOUT_SECONDS * 1000, memoryBytes: env.ATELIER_CODE_MEMORY_MB * 1024 * 1024, outputChars: 100_000 };
  return env.ATELIER_CODE_SANDBOX === "bwrap" ? new BwrapSession(limits) : new PyodideSession(limits);
}

/** Runs `work` with `key`'s session (made when it has none), keeping it alive while it works. */
export async function withSession<T>(key: string, work: (session: CodeSession, fresh: boolean) => Promise<T>): Promise<T> {
  const made = registry();
  let entry = made.entries.get(key);
  const fresh = !entry;
  if (!entry) {
    const max = getEnv().ATELIER_CODE_MAX_SESSIONS;
    // Room for one more: the least recently used idle sessions go first.
    const idle = [...made.entries].filter(([, item]) => item.busy === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (made.entries.size >= max && idle.length) {
      const [oldKey, old] = idle.shift()!;
      old.session.close();
      made.entries.delete(oldKey);
      log.info("closed a code interpreter session to make room", { key: oldKey });
    }
    entry = { session: newSession(), lastUsed: Date.now(), busy: 0 };
    made.entries.set(key, entry);
  }
  entry.busy++;
  try {
    return await work(entry.session, fresh);
  } finally {
    entry.busy--;
    entry.lastUsed = Date.now();
  }
}

/** On shutdown: every session's interpreter is stopped. */
export function closeAllSessions(): void {
  const made = state.atelierCodeSessions;
  if (!made) return;
  clearInterval(made.timer);
  for (const entry of made.entries.values()) entry.session.close();
  made.entries.clear();
  state.atelierCodeSessions = undefined;
}
