import { connect } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

// The embedded server is one Postgres backend behind a socket bridge. Whatever one client leaves in
// that backend's session must be gone for the next one, as if each had its own backend.

let server: EmbeddedPostgres;
// Short, so "a connection outlives the queue's give-up time" is quick to check.
const QUEUE_TIMEOUT_MS = 400;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0, queueTimeoutMs: QUEUE_TIMEOUT_MS });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A protocol message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function startup(): Buffer {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), Buffer.from("user\0postgres\0database\0postgres\0\0", "latin1")]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([length, body]);
}

describe("embedded Postgres: one session per client", () => {
  it("lets the next client prepare a statement of the same name (no 42P05)", async () => {
    await withClient((client) => client.query({ name: "by_name", text: "SELECT 1 AS x" }));
    const rows = await withClient(async (client) => (await client.query({ name: "by_name", text: "SELECT 2 AS x" })).rows);
    expect(rows).toEqual([{ x: 2 }]);
  });

  it("does not hand on settings, advisory locks or temp tables", async () => {
    await withClient(async (client) => {
      await client.query("SET application_name = 'left-behind'");
      await client.query("SELECT pg_advisory_lock(4242)");
      await client.query("CREATE TEMP TABLE scratch (x int)");
    });
    const state = await withClient(async (client) => {
      const { rows } = await client.query<{ name: string; locks: string; temp: string | null }>(
        "SELECT current_setting('application_name') AS name, (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory') AS locks, to_regclass('pg_temp.scratch')::text AS temp",
      );
      return rows[0];
    });
    expect(state).toEqual({ name: "", locks: "0", temp: null });
  });

  it("rolls back what a client left in an open transaction when its socket dies", async () => {
    await withClient((client) => client.query("CREATE TABLE IF NOT EXISTS notes (body text)"));
    const doomed = new pg.Client({ connectionString: server.url });
    await doomed.connect();
    await doomed.query("BEGIN");
    await doomed.query("INSERT INTO notes VALUES ('uncommitted')");
    // No COMMIT, no Terminate: the socket is cut as a killed process would leave it.
    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await doomed.end().catch(() => {});
    const rows = await withClient(async (client) => (await client.query("SELECT count(*)::int AS n FROM notes")).rows);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("recovers a session left half-way through a failed extended-protocol exchange", async () => {
    // A named statement, then a Parse of bad SQL without the Sync that ends the exchange: the
    // backend now skips every message up to a Sync. Then the client vanishes.
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1");
      socket.on("error", reject);
      let sent = false;
      socket.on("data", (chunk) => {
        // ReadyForQuery ('Z') after authentication: send the broken exchange, then leave.
        if (!sent && chunk.includes(Buffer.from("Z\0\0\0\x05", "latin1"))) {
          sent = true;
          socket.write(message("P", Buffer.from("half\0SELECT 1\0\0\0", "latin1")));
          socket.write(message("P", Buffer.from("broken\0SELEC nonsense\0\0\0", "latin1")));
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 200);
        }
      });
      socket.write(startup());
    });
    const rows = await withClient(async (client) => (await client.query({ name: "half", text: "SELECT 3 AS x" })).rows);
    expect(rows).toEqual([{ x: 3 }]);
  });

  it("serves clients that arrive together one after another", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => withClient(async (client) => (await client.query({ name: "same", text: `SELECT ${n} AS x` })).rows[0].x)),
    );
    expect(results).toEqual([1, 2, 3]);
  });

  it("keeps a connection open past the queue's give-up time, and gives up on a client still waiting", async () => {
    const holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
    const waiter = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 5_000 });
    const waited = waiter.connect().then(
      () => "connected",
      () => "refused",
    );
    await new Promise((resolve) => setTimeout(resolve, QUEUE_TIMEOUT_MS * 3));
    // The connection in use was let in before the timer ran out: it must still answer.
    const { rows } = await holder.query({ name: "still_here", text: "SELECT 1 AS x" });
    expect(rows).toEqual([{ x: 1 }]);
    expect(await waited).toBe("refused");
    await holder.end();
    await waiter.end().catch(() => {});
  });
});
