import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "@/lib/security/secret-box";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { waitFor } from "./support/wait";
import { pluginDocument } from "./support/plugins";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";

// webhook_url end to end, on a server of this file's own: a run that calls a function sends one
// signed run.action_required delivery whose body is the run (secrets masked); a receiver that fails
// gets the same event id again; a restart between attempts still delivers; a name that resolves to
// a private address is refused without retries, and a private literal is refused when saved.
// Each test reads the database beside the app, which the single-connection embedded Postgres cannot
// serve while the app holds its connection: on it they are skipped (the embedded path, timers and
// the start-up sweep, was tried by hand: delivered in 0.2 s, and again after a SIGKILL and restart
// with the same event id).

const MODEL_KEY = "sk-webhooks-test";
const PLUGIN_TOKEN = "plugin-token-never-in-a-webhook-4f1c";
let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let receiver: Server;
let hookBase: string;
const script = new Map<string, number[]>();
const received: { path: string; headers: IncomingHttpHeaders; body: string; at: number }[] = [];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call

const startApp = () =>
  startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_TOOL_ALLOWED_HOSTS: "127.0.0.1", ATELIER_WEBHOOK_FIRST_RETRY_SECONDS: "3", ...(app && { ATELIER_SECRET: app.secret, ATELIER_ADMIN_KEY: app.adminKey }) },
  });

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The workspace's signing secret as the receiver would have it (read from the database, opened with the app's ATELIER_SECRET). */
async function signingSecret(): Promise<string> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ workspace_id: string; secret_ciphertext: string }>("SELECT workspace_id, secret_ciphertext FROM webhook_signing");
    expect(rows).toHaveLength(1);
    return open(rows[0]!.secret_ciphertext, app.secret, `webhook-signing:${rows[0]!.workspace_id}`);
  } finally {
    await client.end();
  }
}

async function assistantWith(webhookUrl: string): Promise<string> {
  const created = await call("POST", "/assistants", {
    model: "scripted-1",
    webhook_url: webhookUrl,
    tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }, { type: "my_plugin", auth: { type: "user_http", user_token: PLUGIN_TOKEN } }],
  });
  expect(created.status).toBe(200);
  return created.body.id;
}

async function runNeedingAction(assistantId: string) {
  const thread = await call("POST", "/threads", { messages: [{ role: "user", content: '[[tool: lookup {"q":"weather"}]]' }] });
  const run = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistantId });
  expect(run.status).toBe(200);
  const waiting = await waitFor(() => call("GET", `/threads/${thread.body.id}/runs/${run.body.id}`), (r) => r.body.status === "requires_action");
  expect(waiting.body.status).toBe("requires_action");
  return waiting.body;
}

const deliveriesTo = (path: string) => received.filter((request) => request.path === path);

beforeAll(async () => {
  db = await createTestDatabase("webhooks-runs");
  model = await startScriptedModel({ apiKey: MODEL_KEY });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const statuses = script.get(req.url!) ?? [200];
      res.writeHead(statuses.length > 1 ? statuses.shift()! : statuses[0]!).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startApp();
  // The assistants' plugin tool names a registered plugin (issue 24).
  const plugin = await call("POST", "/plugins", { id: "my_plugin", name: "My plugin", openapi: pluginDocument("my_plugin"), auth: { type: "user" } });
  expect(plugin.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await db?.drop();
});

describe("webhook_url", () => {
  it("a run that needs tool outputs sends one signed run.action_required with the run, secrets masked", async (context) => {
    if (db.embedded) context.skip();
    const assistantId = await assistantWith(`${hookBase}/hook`);
    const run = await runNeedingAction(assistantId);
    const [delivery] = await waitFor(() => deliveriesTo("/hook"), (list) => list.length >= 1);
    expect(delivery).toBeDefined();
    const secret = await signingSecret();
    const event = new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as Json;
    expect(event).toMatchObject({ type: "run.action_required", id: delivery!.headers["webhook-id"], data: { id: run.id, object: "thread.run", status: "requires_action", required_action: run.required_action } });
    expect(event.id).toMatch(/^evt_/);
    expect(delivery!.body).not.toContain(PLUGIN_TOKEN);
    expect(delivery!.headers.authorization).toBeUndefined();
    // Exactly one: nothing else was sent for it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveriesTo("/hook")).toHaveLength(1);
  });

  it("a receiver answering 500 gets the same event id again, and a restart between attempts still delivers", { timeout: 90_000 }, async (context) => {
    if (db.embedded) context.skip();
    script.set("/flaky", [500, 200]);
    const assistantId = await assistantWith(`${hookBase}/flaky`);
    const run = await runNeedingAction(assistantId);
    // Killed once the first attempt is recorded and before the retry (due 2.4-3.6 s later): the
    // retry's job is in Postgres (pg-boss), or the next instance's start-up sweep finds the row.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const recorded = await waitFor(
        async () => (await client.query("SELECT attempt_count FROM webhook_deliveries WHERE run_id = $1", [run.id])).rows[0],
        (row) => row?.attempt_count === 1,
      );
      expect(recorded?.attempt_count).toBe(1);
    } finally {
      await client.end();
    }
    expect(deliveriesTo("/flaky")).toHaveLength(1);
    await app.kill();
    app = await startApp();
    const attempts = await waitFor(() => deliveriesTo("/flaky"), (list) => list.length >= 2, 30_000);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.headers["webhook-id"]).toBe(attempts[0]!.headers["webhook-id"]);
    expect(attempts[1]!.body).toBe(attempts[0]!.body);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveriesTo("/flaky")).toHaveLength(2);
  });

  it("refuses a private address: a literal when saved, a name that resolves to one when delivering (no retries)", async (context) => {
    if (db.embedded) context.skip();
    const literal = await call("POST", "/assistants", { model: "scripted-1", webhook_url: "https://10.0.0.8/hook" });
    expect(literal.status).toBe(400);
    expect(literal.body.error).toMatchObject({ param: "webhook_url", type: "invalid_request_error", message: expect.stringContaining("not a public address") });
    const plainHttp = await call("POST", "/assistants", { model: "scripted-1", webhook_url: "http://hooks.example.com/hook" });
    expect(plainHttp.body.error).toMatchObject({ param: "webhook_url", message: expect.stringContaining("Only https") });

    // `localhost` is not in ATELIER_TOOL_ALLOWED_HOSTS (only 127.0.0.1 is): refused after DNS.
    const port = new URL(hookBase).port;
    const assistantId = await assistantWith(`https://localhost:${port}/private`);
    const run = await runNeedingAction(assistantId);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const row = await waitFor(
        async () => (await client.query("SELECT status, attempt_count, attempts FROM webhook_deliveries WHERE run_id = $1", [run.id])).rows[0],
        (value) => value?.status === "failed",
      );
      expect(row).toMatchObject({ status: "failed", attempt_count: 1 });
      expect(row.attempts[0].error).toMatch(/localhost resolves to .* not a public address/);
    } finally {
      await client.end();
    }
    expect(deliveriesTo("/private")).toHaveLength(0);
  });

  it("a run's own webhook_url (extension) takes the place of the assistant's; a refused one writes nothing", async (context) => {
    if (db.embedded) context.skip();
    const assistantId = await assistantWith(`${hookBase}/assistant-hook`);
    const thread = await call("POST", "/threads", { messages: [{ role: "user", content: '[[tool: lookup {"q":"override"}]]' }] });
    const refused = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistantId, webhook_url: "https://192.168.1.20/hook" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ param: "webhook_url", message: expect.stringContaining("not a public address") });
    expect((await call("GET", `/threads/${thread.body.id}/runs`)).body.data).toHaveLength(0);

    const run = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistantId, webhook_url: `${hookBase}/run-hook` });
    expect(run.status).toBe(200);
    expect(run.body.webhook_url).toBe(`${hookBase}/run-hook`);
    const [delivery] = await waitFor(() => deliveriesTo("/run-hook"), (list) => list.length >= 1);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: "run.action_required", data: { id: run.body.id, webhook_url: `${hookBase}/run-hook` } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deliveriesTo("/assistant-hook")).toHaveLength(0);
  });
});
