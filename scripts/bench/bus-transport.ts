// The transports `npm run bench:bus` compares, built as lib/runs/bus/index.ts builds them, on the
// benchmark's own channel names (each process its own NOTIFY pool, like an app instance).
import pg from "pg";
import { PostgresTransport } from "@/lib/runs/bus/postgres";
import { RedisTransport } from "@/lib/runs/bus/redis";
import type { Transport } from "@/lib/runs/bus/transport";

export type BenchBusKind = "postgres" | "redis";

export const BENCH_POSTGRES_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const BENCH_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export function busTransport(kind: BenchBusKind, instanceId: string, channel: string): Transport {
  if (kind === "redis") return new RedisTransport({ url: BENCH_REDIS_URL, instanceId, channel: channel.replace(/_/g, ":") });
  const pool = new pg.Pool({ connectionString: BENCH_POSTGRES_URL, max: 10 });
  const transport = new PostgresTransport({ connectionString: BENCH_POSTGRES_URL, instanceId, pool, channel });
  const stop = transport.stop.bind(transport);
  transport.stop = async () => {
    await stop();
    await pool.end();
  };
  return transport;
}
