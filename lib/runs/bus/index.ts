import "server-only";
import { randomBytes } from "node:crypto";
import { getPool } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { localChannels, type RunEvent } from "@/lib/runs/events";
import { Fanout, type AttachOutcome } from "@/lib/runs/bus/fanout";
import { memoryTransport } from "@/lib/runs/bus/memory";
import { PostgresTransport } from "@/lib/runs/bus/postgres";
import type { Command } from "@/lib/runs/bus/protocol";
import { RedisTransport } from "@/lib/runs/bus/redis";
import type { Transport } from "@/lib/runs/bus/transport";

// The process's run bus: started with the server (instrumentation.ts), chosen once from the
// environment. Until it is started, and on the embedded database, it is in-process: remote
// attaches find nobody at once, and commands reach this process's handlers only.
// Kept on globalThis: the instrumentation hook and the route handlers are separate bundles.

export type { AttachOutcome } from "@/lib/runs/bus/fanout";
export type { Command } from "@/lib/runs/bus/protocol";

type BusState = { fanout: Fanout | null; starting: Promise<void> | null; handlers: Set<(command: Command) => void>; instanceId: string };

const globalForBus = globalThis as unknown as { atelierRunBus?: BusState };
const state = (globalForBus.atelierRunBus ??= { fanout: null, starting: null, handlers: new Set(), instanceId: "" });

/** This process's id on the bus: ATELIER_INSTANCE_ID, else random per process. */
export function instanceId(): string {
  state.instanceId ||= getEnv().ATELIER_INSTANCE_ID ?? randomBytes(6).toString("hex");
  return state.instanceId;
}

/** The transport the environment asks for: ATELIER_EVENT_BUS, else Redis with REDIS_URL, else Postgres. */
export function busKind(env: Env): Transport["kind"] {
  if (env.ATELIER_EVENT_BUS) return env.ATELIER_EVENT_BUS;
  if (env.REDIS_URL) return "redis";
  return env.DATABASE_URL ? "postgres" : "memory";
}

function createTransport(env: Env, id: string): Transport {
  switch (busKind(env)) {
    case "redis":
      return new RedisTransport({ url: env.REDIS_URL!, instanceId: id });
    case "postgres":
      return new PostgresTransport({ connectionString: env.DATABASE_URL!, instanceId: id, pool: getPool() });
    default:
      return memoryTransport(id);
  }
}

/** At server start. Never throws for a connection: the transports log and retry. */
export function startBus(): Promise<void> {
  state.starting ??= (async () => {
    const env = getEnv();
    const fanout = new Fanout({ transport: createTransport(env, instanceId()), channels: localChannels(), commandHandlers: state.handlers });
    state.fanout = fanout;
    await fanout.start();
    log.info("run bus started", { transport: fanout.transport.kind, instance: instanceId() });
  })();
  return state.starting;
}

/** At shutdown: subscribers elsewhere hear that this instance stops forwarding, then the connections close. */
export async function stopBus(): Promise<void> {
  const { fanout, starting } = state;
  state.fanout = null;
  state.starting = null;
  await starting?.catch(() => {});
  await fanout?.stop();
}

/**
 * A run held by another instance: its open segment's events from the start, then live, until
 * `done`. Returns why it ended: "done", "no_owner" (nobody answered within ~1 s), "owner_lost"
 * (the forwarder fell silent for ~15 s, or stopped), "aborted" (`signal`).
 */
export async function* attachRemote(runId: string, signal?: AbortSignal): AsyncGenerator<RunEvent[], AttachOutcome> {
  if (!state.fanout) return "no_owner";
  return yield* state.fanout.attach(runId, signal);
}

/** Sends a command to every instance, this one included (its handlers run before this returns). */
export async function sendCommand(command: Command): Promise<void> {
  if (state.fanout) return state.fanout.sendCommand(command);
  for (const handler of state.handlers) handler(command);
}

/** Hears commands from every instance (the engine aborts a run it executes). Returns the unsubscribe. */
export function onCommand(handler: (command: Command) => void): () => void {
  state.handlers.add(handler);
  return () => state.handlers.delete(handler);
}
