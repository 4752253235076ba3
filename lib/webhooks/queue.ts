import "server-only";
import { PgBoss, type JobInsert } from "pg-boss";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DEFAULT_SCHEMA } from "@/lib/runs/lease/pgboss-setup";
import { deliverOnce } from "@/lib/webhooks/service";

// When deliveries are attempted. The delivery row says what is due (status `pending`,
// `next_attempt_at`); the queue holds one job per attempt. On an external Postgres that is pg-boss,
// the queue runs already use (queue `atelier-webhooks`: a job per attempt, `startAfter` its time,
// singleton key `<delivery>:<attempt>` so sending twice is a no-op, no retries of pg-boss's own:
// the retry policy is lib/webhooks/retry.ts), so deliveries survive restarts and go out from
// whichever instance fetches them. On the embedded database one process owns everything: a timer
// per due delivery. Either way a sweep queues pending deliveries: at start-up all of them, then every
// 30 s those overdue by more than a minute (an instance killed between an attempt and sending the
// next job, a job pg-boss failed because its worker died mid-attempt, found by its heartbeat).

export const WEBHOOK_QUEUE = "atelier-webhooks";
const SWEEP_MS = 30_000;
const OVERDUE_MS = 60_000;
const SWEEP_LIMIT = 500;
const CONCURRENCY = 4;

/** `nonce`: a job of its own for an attempt already queued for later (Redeliver: now, not at the retry time). */
export type Due = { deliveryId: string; attempt: number; at: number; nonce?: string };
type DeliveryJob = { deliveryId: string; attempt: number };

type Backend = { schedule(due: Due[]): Promise<void>; stop(graceMs: number): Promise<void> };
type Queue = { backend?: Backend; timer?: NodeJS.Timeout; stopped: boolean };

const state = globalThis as unknown as { atelierWebhooks?: Queue };

/** Queues deliveries' next attempts (none before the queue started: the sweep finds them). */
export async function scheduleDeliveries(due: Due[]): Promise<void> {
  const backend = state.atelierWebhooks?.backend;
  if (!backend || due.length === 0) return;
  await backend.schedule(due).catch((error: Error) => log.warn("could not queue webhook deliveries; the sweep will", { deliveries: due.length, error: error.message }));
}

/** Attempt number `number` (if it is still the next one), and the one after queued if the policy says so. */
async function attempt(deliveryId: string, number: number): Promise<void> {
  const step = await deliverOnce(deliveryId, { attempt: number });
  if (step?.action === "retry") await scheduleDeliveries([{ deliveryId, attempt: step.attempt + 1, at: step.at }]);
}

export async function startWebhooks(): Promise<void> {
  if (state.atelierWebhooks) return;
  const queue: Queue = { stopped: false };
  state.atelierWebhooks = queue;
  await tryStart(queue, 0);
}

export async function stopWebhooks(graceMs: number): Promise<void> {
  const queue = state.atelierWebhooks;
  state.atelierWebhooks = undefined;
  if (!queue) return;
  queue.stopped = true;
  clearTimeout(queue.timer);
  await queue.backend?.stop(graceMs);
}

async function tryStart(queue: Queue, failures: number): Promise<void> {
  const env = getEnv();
  try {
    const backend = env.ATELIER_RUN_QUEUE === "in-process" || !env.DATABASE_URL ? new InProcessDeliveries() : await startPgBoss(env.DATABASE_URL);
    if (queue.stopped) return void (await backend.stop(0));
    queue.backend = backend;
  } catch (error) {
    const delayMs = Math.min(60_000, 1000 * 2 ** failures);
    log.warn("the webhook queue did not start; trying again", { error: (error as Error).message, inMs: delayMs });
    queue.timer = setTimeout(() => void tryStart(queue, failures + 1), delayMs).unref();
    return;
  }
  await sweep(queue, null);
}

/**
 * Pending deliveries, as the jobs their next attempts need: at start-up every one, due or not (an
 * embedded process's timers died with it; pg-boss's singleton keys make the rest no-ops), later
 * those overdue by more than `overdueMs`.
 */
async function pending(overdueMs: number | null): Promise<Due[]> {
  const { rows } = await getPool().query<{ id: string; attempt_count: number; next_attempt_at: Date }>(
    `SELECT id, attempt_count, next_attempt_at FROM webhook_deliveries
      WHERE status = 'pending' AND ($1::double precision IS NULL OR next_attempt_at <= now() - make_interval(secs => $1::double precision / 1000))
      ORDER BY next_attempt_at LIMIT ${SWEEP_LIMIT}`,
    [overdueMs],
  );
  return rows.map((row) => ({ deliveryId: row.id, attempt: row.attempt_count + 1, at: row.next_attempt_at.getTime() }));
}

async function sweep(queue: Queue, overdueMs: number | null): Promise<void> {
  if (queue.stopped || !queue.backend) return;
  try {
    const due = await pending(overdueMs);
    if (due.length) await queue.backend.schedule(due);
  } catch (error) {
    log.warn("webhook sweep failed; the next one will try again", { error: (error as Error).message });
  }
  if (!queue.stopped) queue.timer = setTimeout(() => void sweep(queue, OVERDUE_MS), SWEEP_MS).unref();
}

class InProcessDeliveries implements Backend {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  async schedule(due: Due[]): Promise<void> {
    for (const { deliveryId, attempt: number, at } of due) {
      const queued = this.timers.get(deliveryId);
      // One timer per delivery, the earliest asked for (a redelivery brings a later attempt forward).
      if (this.stopping || (queued && queued.at <= at)) continue;
      if (queued) clearTimeout(queued.timer);
      const timer = setTimeout(() => {
        this.timers.delete(deliveryId);
        const done = attempt(deliveryId, number)
          .catch((error: Error) => log.warn("a webhook delivery attempt failed to run; the sweep will retry it", { deliveryId, error: error.message }))
          .finally(() => this.running.delete(done));
        this.running.add(done);
      }, Math.max(0, at - Date.now()));
      timer.unref();
      this.timers.set(deliveryId, { timer, at });
    }
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    // Deliveries not attempted stay pending: the next start-up's sweep takes them up again.
    await Promise.race([Promise.all(this.running), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }
}

const toInsert = ({ deliveryId, attempt: number, at, nonce }: Due): JobInsert<DeliveryJob> => ({
  data: { deliveryId, attempt: number },
  singletonKey: nonce ? `${deliveryId}:${number}:${nonce}` : `${deliveryId}:${number}`,
  startAfter: new Date(at),
});

async function startPgBoss(connectionString: string): Promise<Backend> {
  const boss = new PgBoss({ connectionString, schema: DEFAULT_SCHEMA, max: 2, application_name: "atelier-webhooks", schedule: false, superviseIntervalSeconds: 10, maintenanceIntervalSeconds: 300 });
  boss.on("error", (error: Error) => log.warn("webhook queue: pg-boss error", { error: error.message }));
  try {
    await boss.start();
    const options = {
      // One job per attempt (the singleton key): a sweep or a second instance sending it again is a no-op.
      policy: "exclusive" as const,
      // The retry policy is Atelier's (backoff, Retry-After, a day): a failed job is an attempt that did not run, found by the sweep.
      retryLimit: 0,
      heartbeatSeconds: 15,
      expireInSeconds: 60,
      deleteAfterSeconds: 3600,
      retentionSeconds: 2 * 86_400,
    };
    await boss.createQueue(WEBHOOK_QUEUE, options);
    const { policy: _policy, ...settings } = options;
    await boss.updateQueue(WEBHOOK_QUEUE, settings);
    await boss.work<DeliveryJob, unknown, { batchSize: number; pollingIntervalSeconds: number; perJobResults: true; burstWhenBatchFull: true }>(
      WEBHOOK_QUEUE,
      { batchSize: CONCURRENCY, pollingIntervalSeconds: 1, perJobResults: true, burstWhenBatchFull: true },
      async (jobs) =>
        Promise.all(
          jobs.map(async (job) => {
            try {
              await attempt(job.data.deliveryId, job.data.attempt);
              return { id: job.id, status: "completed" as const };
            } catch (error) {
              return { id: job.id, status: "failed" as const, output: { message: (error as Error).message } };
            }
          }),
        ),
    );
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw error;
  }
  return {
    schedule: async (due) => {
      await boss.insert(WEBHOOK_QUEUE, due.map(toInsert));
    },
    stop: async (graceMs) => {
      await boss.stop({ graceful: true, close: true, timeout: Math.max(1000, graceMs) });
    },
  };
}
