import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Webhook deliveries against a local receiver, through lib/webhooks/service.ts on the test database:
// events recorded once however often they are reported, signed attempts that verify, retries with
// the same event id, no retry on 4xx, endpoints marked failing, and a rotated secret taking over.

process.env.ATELIER_TOOL_ALLOWED_HOSTS = "127.0.0.1";

type Service = typeof import("@/lib/webhooks/service");
type RunObject = { id: string; status: string; required_action?: unknown };

/** The service, with `recordRunEvent`: a run object's event recorded for `url` (and `endpoint`), as lib/webhooks/runs.ts does for a real run. */
const service = async () => {
  const [module, { runEvent }] = await Promise.all([import("@/lib/webhooks/service") as Promise<Service>, import("@/lib/webhooks/events")]);
  const recordRunEvent = async (workspaceId: string, run: RunObject, url: string | null, endpointId: string | null = null) => {
    const event = runEvent(run, new Date());
    if (!event || !url || (event.type !== "run.action_required" && !endpointId)) return [];
    return module.createDeliveries(workspaceId, event, [{ url, endpointId }], run.id, new Date());
  };
  return { ...module, recordRunEvent };
};

let workspace: TestWorkspace;
let server: Server;
let base: string;
// Per path: the statuses to answer in turn (the last one repeats).
const script = new Map<string, number[]>();
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  workspace = await provision((lib) => createTestWorkspace(lib, "webhooks"));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const statuses = script.get(req.url!) ?? [200];
      res.writeHead(statuses.length > 1 ? statuses.shift()! : statuses[0]!).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await releaseDatabase();
});

const action = (runId: string, callId: string) => ({
  id: runId,
  object: "thread.run",
  status: "requires_action",
  required_action: { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: [{ id: callId, type: "function", function: { name: "lookup", arguments: "{}" } }] } },
});

describe("webhook deliveries", () => {
  it("records an event once per destination however often it is recorded, and each round of tool calls as its own", async () => {
    await provision(async () => {
      const { recordRunEvent } = await service();
      const url = `${base}/once`;
      const first = await recordRunEvent(workspace.id, action("run_once", "call_1"), url);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ status: "pending", eventType: "run.action_required", url, endpointId: null, runId: "run_once" });
      expect(await recordRunEvent(workspace.id, action("run_once", "call_1"), url)).toHaveLength(0);
      expect(await recordRunEvent(workspace.id, action("run_once", "call_2"), url)).toHaveLength(1);
      expect(await recordRunEvent(workspace.id, { id: "run_once", status: "in_progress" }, url)).toHaveLength(0);
    });
  });

  it("signs every attempt, retries 500s with the same event id, and stops at the 200", async () => {
    await provision(async () => {
      const { recordRunEvent, deliverOnce, signingSecret } = await service();
      script.set("/flaky", [500, 503, 200]);
      const [delivery] = await recordRunEvent(workspace.id, action("run_flaky", "call_1"), `${base}/flaky`);
      const steps = [await deliverOnce(delivery!.id), await deliverOnce(delivery!.id), await deliverOnce(delivery!.id)];
      expect(steps.map((step) => step?.action)).toEqual(["retry", "retry", "delivered"]);
      expect(await deliverOnce(delivery!.id)).toBeNull(); // delivered: nothing more to do
      const attempts = received.filter((request) => request.path === "/flaky");
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((attempt) => attempt.headers["webhook-id"]))).toEqual(new Set([delivery!.eventId]));
      const secret = await signingSecret(workspace.id);
      for (const attempt of attempts) {
        const verified = new Webhook(secret).verify(attempt.body, attempt.headers as Record<string, string>) as { id: string; type: string; data: { id: string } };
        expect(verified).toMatchObject({ id: delivery!.eventId, type: "run.action_required", data: { id: "run_flaky" } });
      }
      const row = await (await import("@/lib/db")).getDb().webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
      expect(row).toMatchObject({ status: "delivered", attemptCount: 3, nextAttemptAt: null });
      expect((row.attempts as { status: number }[]).map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    });
  });

  it("does not retry a 400, and marks a subscribed endpoint failing after three deliveries that failed", async () => {
    await provision(async () => {
      const { recordRunEvent, deliverOnce, FAILING_AFTER } = await service();
      const db = (await import("@/lib/db")).getDb();
      script.set("/refuses", [400]);
      const endpoint = await db.webhookEndpoint.create({ data: { id: `we_test${Date.now()}`, workspaceId: workspace.id, url: `${base}/refuses`, events: ["run.failed", "run.action_required"] } });
      for (let i = 0; i < FAILING_AFTER; i++) {
        const deliveries = await recordRunEvent(workspace.id, { id: `run_refused_${i}`, status: "failed" }, endpoint.url, endpoint.id);
        expect(deliveries.map((delivery) => delivery.endpointId)).toEqual([endpoint.id]);
        expect((await deliverOnce(deliveries[0]!.id))?.action).toBe("failed");
      }
      const marked = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(marked.consecutiveFailures).toBe(FAILING_AFTER);
      expect(marked.failingSince).not.toBeNull();
      // A success clears the mark.
      script.set("/refuses", [200]);
      const next = await recordRunEvent(workspace.id, { id: "run_recovers", status: "failed" }, endpoint.url, endpoint.id);
      expect((await deliverOnce(next[0]!.id))?.action).toBe("delivered");
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ consecutiveFailures: 0, failingSince: null });
      await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
    });
  });

  it("refuses a private address that is not allowed, without retrying", async () => {
    await provision(async () => {
      const { recordRunEvent, deliverOnce } = await service();
      const [delivery] = await recordRunEvent(workspace.id, action("run_private", "call_1"), "https://169.254.169.254/latest/meta-data");
      expect(await deliverOnce(delivery!.id)).toMatchObject({ action: "failed", reason: expect.stringContaining("not a public address") });
    });
  });

  it("signs with a rotated secret from then on, and with the previous one too for a day", async () => {
    await provision(async () => {
      const { recordRunEvent, deliverOnce, rotateSigningSecret, signingSecret, signingView } = await service();
      const db = (await import("@/lib/db")).getDb();
      const old = await signingSecret(workspace.id);
      const rotated = await rotateSigningSecret(workspace.id);
      expect(rotated.secret).not.toBe(old);
      expect(rotated.hint).toBe(`…${rotated.secret.slice(-4)}`);
      expect(rotated.previousUntil!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
      expect(await signingView(workspace.id)).toEqual({ hint: rotated.hint, createdAt: rotated.createdAt, previousUntil: rotated.previousUntil });
      const verifies = (secret: string, path: string) => {
        const sent = received.find((request) => request.path === path)!;
        try {
          new Webhook(secret).verify(sent.body, sent.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      };
      const [during] = await recordRunEvent(workspace.id, action("run_rotated", "call_1"), `${base}/rotated`);
      await deliverOnce(during!.id);
      expect([verifies(rotated.secret, "/rotated"), verifies(old, "/rotated")]).toEqual([true, true]);
      // The day is over: only the new secret signs.
      await db.webhookSigning.update({ where: { workspaceId: workspace.id }, data: { previousUntil: new Date(Date.now() - 1000) } });
      const [after] = await recordRunEvent(workspace.id, action("run_rotated", "call_2"), `${base}/rotated-later`);
      await deliverOnce(after!.id);
      expect([verifies(rotated.secret, "/rotated-later"), verifies(old, "/rotated-later")]).toEqual([true, false]);
      expect((await signingView(workspace.id)).previousUntil).toBeNull();
    });
  });

  it("redelivers with the same event id, once, and a queued job for an attempt already made does nothing", async () => {
    await provision(async () => {
      const { recordRunEvent, deliverOnce } = await service();
      const { redeliver } = await import("@/lib/webhooks/deliveries");
      const [delivery] = await recordRunEvent(workspace.id, action("run_redeliver", "call_1"), `${base}/redeliver`);
      expect((await deliverOnce(delivery!.id, { attempt: 1 }))?.action).toBe("delivered");
      expect(await deliverOnce(delivery!.id, { attempt: 1 })).toBeNull();
      const again = await redeliver(workspace.caller, delivery!.id);
      expect(again).toMatchObject({ status: "pending", attemptCount: 1 });
      // The attempt a stale job stands for was made: only attempt 2 goes out.
      expect(await deliverOnce(delivery!.id, { attempt: 1 })).toBeNull();
      expect(await deliverOnce(delivery!.id, { attempt: 2 })).toMatchObject({ action: "delivered", attempt: 2 });
      const sent = received.filter((request) => request.path === "/redeliver");
      expect(sent.map((request) => request.headers["webhook-id"])).toEqual([delivery!.eventId, delivery!.eventId]);
      // A viewer may read the log but not redeliver; another workspace's delivery is not found.
      await expect(redeliver({ ...workspace.caller, role: "viewer" }, delivery!.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(redeliver({ ...workspace.caller, workspaceId: "ws_other" }, delivery!.id)).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("manages endpoints for owners only, refusing private, duplicate and malformed URLs, and sends test events", async () => {
    await provision(async () => {
      const endpoints = await import("@/lib/webhooks/endpoints");
      const { listDeliveries } = await import("@/lib/webhooks/deliveries");
      const { deliverOnce } = await service();
      const owner = workspace.caller;
      const input = { url: `${base}/endpoint`, description: "orders", events: ["run.completed" as const] };
      await expect(endpoints.createEndpoint({ ...owner, role: "editor" }, input)).rejects.toMatchObject({ code: "forbidden" });
      await expect(endpoints.createEndpoint(owner, { ...input, url: "https://10.0.0.8/hook" })).rejects.toMatchObject({ code: "invalid_request", fieldErrors: { url: [expect.stringContaining("not a public address")] } });
      await expect(endpoints.createEndpoint(owner, { ...input, url: "http://example.com/hook" })).rejects.toMatchObject({ code: "invalid_request", param: "url" });
      const created = await endpoints.createEndpoint(owner, input);
      expect(created).toMatchObject({ url: input.url, events: ["run.completed"], failingSince: null });
      await expect(endpoints.createEndpoint(owner, input)).rejects.toMatchObject({ code: "conflict", fieldErrors: { url: [expect.any(String)] } });
      const updated = await endpoints.updateEndpoint(owner, created.id, { ...input, events: ["run.failed", "run.completed"] });
      expect(updated.events).toEqual(["run.failed", "run.completed"]);
      expect((await endpoints.listEndpoints({ ...owner, role: "viewer" })).map((endpoint) => endpoint.id)).toContain(created.id);

      const test = await endpoints.sendTestEvent(owner, created.id);
      expect((await deliverOnce(test.deliveryId))?.action).toBe("delivered");
      const sent = received.find((request) => request.path === "/endpoint")!;
      expect(JSON.parse(sent.body)).toMatchObject({ id: test.eventId, type: "webhook.test", data: { endpoint_id: created.id } });
      const log = await listDeliveries(owner, { endpointId: created.id, limit: 10 });
      expect(log).toEqual([expect.objectContaining({ id: test.deliveryId, eventType: "webhook.test", status: "delivered", attemptCount: 1 })]);
      expect(log[0]!.attempts[0]).toMatchObject({ status: 200, response: "ok" });

      // Deleting ends its pending deliveries; those made stay in the log.
      const pendingTest = await endpoints.sendTestEvent(owner, created.id);
      await endpoints.deleteEndpoint(owner, created.id);
      const db = (await import("@/lib/db")).getDb();
      expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: pendingTest.deliveryId } })).toMatchObject({ status: "failed", endpointId: null });
      expect(await deliverOnce(pendingTest.deliveryId)).toBeNull();
      await expect(endpoints.sendTestEvent(owner, created.id)).rejects.toMatchObject({ code: "not_found" });
    });
  });
});
