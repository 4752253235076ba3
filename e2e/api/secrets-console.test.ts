import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { maskSecret } from "@/lib/assistants/secrets";
import { apiKeyHint } from "@/lib/providers/schema";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { action, addMember, callAction, createUser, signInCookie } from "./support/console";
import { api, type Json } from "./support/http";
import { plant, secretValue } from "./support/planted";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { registerPlugin } from "./support/plugins";

// Secrets seen through the console: a provider's key (Settings → Providers), an API key made in
// Settings → API keys, and a plugin token on the assistant and run the playground shows. Each
// reaches the console's pages and server actions only masked or as its hint, and an API key only in
// the answer that creates it. The scan at the end of the run checks every response once more.

const PROVIDER_KEY = plant({ name: "a workspace provider's key", value: secretValue("sk-provider") });
const ECHOED_KEY = plant({ name: "the key of a provider that quotes it in its errors", value: secretValue("sk-echoed") });
const TOKEN_VALUE = secretValue("plugin-token");
const TOKEN = plant({ name: "plugin token of an assistant opened in the playground", value: TOKEN_VALUE, evidence: [maskSecret(TOKEN_VALUE)] });
const SECRETS = [PROVIDER_KEY, ECHOED_KEY, TOKEN];

let ws: TestWorkspace;
let owner: string;
let viewer: string;
let model: ScriptedModel;
let echo: Server;
let echoURL: string;

beforeAll(async () => {
  const users = await provision(async (lib) => {
    ws = await createTestWorkspace(lib, "secrets-console");
    const [ownerUser, viewerUser] = [await createUser(lib, "secrets-owner"), await createUser(lib, "secrets-viewer")];
    await addMember(lib, ws.id, ownerUser, "owner");
    await addMember(lib, ws.id, viewerUser, "viewer");
    return [ownerUser, viewerUser] as const;
  });
  plant({ name: "the workspace's API key", value: ws.apiKey });
  await registerPlugin(ws.apiKey, "acme_crm");
  [owner, viewer] = [await signInCookie(users[0]), await signInCookie(users[1])];
  // The provider behind the planted key: a scripted model that wants exactly that key.
  model = await startScriptedModel({ apiKey: PROVIDER_KEY });
  // A provider that quotes the key it was sent, as some do in their 401s.
  echo = createServer((req, res) => {
    res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization?.slice(7)}` } }));
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoURL = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await model?.close();
  await new Promise((resolve) => echo?.close(resolve));
  await releaseDatabase();
});

/** A console page as the signed-in browser gets it (HTML with the RSC payload). */
async function page(path: string, cookie: string): Promise<string> {
  const response = await fetch(`${inject("baseURL")}${path}`, { headers: { cookie } });
  expect(response.status, path).toBe(200);
  return response.text();
}

function expectNoSecret(text: string, also: string[] = []): void {
  for (const secret of [...SECRETS, ...also]) expect(text).not.toContain(secret);
}

async function addProvider(name: string, baseUrl: string, apiKey: string): Promise<Json> {
  const added = await callAction(action("addProvider"), { name, kind: "openai-compatible", baseUrl, apiKey }, { cookie: owner });
  expect(added.result).toMatchObject({ ok: true, data: { name, keyHint: apiKeyHint(apiKey) } });
  expectNoSecret(JSON.stringify(added.result));
  return added.result!.data;
}

async function finishedRun(model: string, content: string): Promise<Json> {
  const assistant = await api("POST", "/assistants", { key: ws.apiKey, json: { model, tools: [{ type: "acme_crm", auth: { type: "user_http", user_token: TOKEN } }] } });
  const thread = await api("POST", "/threads", { key: ws.apiKey, json: { messages: [{ role: "user", content }] } });
  const streamed = await api("POST", `/threads/${thread.body.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistant.body.id, stream: true } });
  expectNoSecret(streamed.text);
  return JSON.parse(streamed.body.events.filter((event: Json) => event.event.startsWith("thread.run.")).at(-1).data);
}

describe("a workspace provider's key", () => {
  it("is shown as its hint by the console's actions and pages, and sent only to the provider", async () => {
    const provider = await addProvider("planted", model.url, PROVIDER_KEY);
    const tested = await callAction(action("testProvider"), { id: provider.id }, { cookie: owner });
    expect(tested.result).toMatchObject({ ok: true, data: { ok: true } });
    const edited = await callAction(action("editProvider"), { id: provider.id, name: "planted", kind: "openai-compatible", baseUrl: model.url }, { cookie: owner });
    expect(edited.result).toMatchObject({ ok: true, data: { keyHint: apiKeyHint(PROVIDER_KEY) } });
    for (const cookie of [owner, viewer]) expect(await page("/settings/providers", cookie)).toContain(apiKeyHint(PROVIDER_KEY));
    expectNoSecret(await page("/settings/activity", owner));
    expect((await api("GET", "/models", { key: ws.apiKey })).body.data.map((entry: Json) => entry.id)).toContain("planted/scripted-1");

    const run = await finishedRun("planted/scripted-1", "[[reply: through the planted provider]]");
    expect(run).toMatchObject({ status: "completed", tools: [{ auth: { user_token: maskSecret(TOKEN) } }] });
    expect(model.requests.at(-1)?.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it("is replaced by its hint when the provider quotes it: in the connection test and in a failed run", async () => {
    const provider = await addProvider("echo", echoURL, ECHOED_KEY);
    const tested = await callAction(action("testProvider"), { id: provider.id }, { cookie: owner });
    expect(tested.result).toMatchObject({ ok: true, data: { ok: false, status: 401, error: `HTTP 401: Incorrect API key provided: ${apiKeyHint(ECHOED_KEY)}` } });
    const run = await finishedRun("echo/scripted-1", "[[reply: never]]");
    expect(run).toMatchObject({ status: "failed", last_error: { message: expect.stringContaining(`Incorrect API key provided: ${apiKeyHint(ECHOED_KEY)}`) } });
    expectNoSecret(JSON.stringify(await api("GET", `/threads/${run.thread_id}/runs/${run.id}`, { key: ws.apiKey })));
  });
});

describe("the playground and the editor", () => {
  it("show the assistant's and the run's plugin token masked, in pages and actions, to the owner and a viewer", async () => {
    const run = await finishedRun("scripted-1", "[[reply: in the playground]]");
    const mask = maskSecret(TOKEN);
    for (const cookie of [owner, viewer]) {
      for (const path of [`/assistants/${run.assistant_id}/playground?thread=${run.thread_id}`, `/assistants/${run.assistant_id}`, "/assistants", `/assistants/${run.assistant_id}/history`]) {
        const html = await page(path, cookie);
        expectNoSecret(html);
        if (path !== "/assistants" && !path.endsWith("/history")) expect(html).toContain(mask);
      }
      // Versions keep the token (a restore brings it back) and show only its mask.
      const version = await callAction(action("loadAssistantVersion"), { id: run.assistant_id, version: 1 }, { cookie });
      expect(version.result).toMatchObject({ ok: true, data: { assistant: { tools: [{ auth: { user_token: mask } }] } } });
      expectNoSecret(JSON.stringify(version.result));
      const loaded = await callAction(action("loadAssistant"), { id: run.assistant_id }, { cookie });
      expect(loaded.result).toMatchObject({ ok: true, data: { assistant: { tools: [{ auth: { user_token: mask } }] } } });
      const history = await callAction(action("loadRunHistory"), { threadId: run.thread_id, runIds: [run.id] }, { cookie });
      expect(history.result).toMatchObject({ ok: true });
      const listed = await callAction(action("searchAssistantList"), {}, { cookie });
      for (const result of [loaded, history, listed]) expectNoSecret(JSON.stringify(result.result));
    }
    const saved = await callAction(action("saveAssistantSettings"), { id: run.assistant_id, changes: { temperature: 0.5 } }, { cookie: owner });
    expect(saved.result).toMatchObject({ ok: true, data: { temperature: 0.5, tools: [{ auth: { user_token: mask } }] } });
  });
});

describe("an API key made in the console", () => {
  it("is in the answer that creates it and nowhere else", async () => {
    const created = await callAction(action("createKey"), { name: "shown once", role: "viewer" }, { cookie: owner });
    expect(created.result).toMatchObject({ ok: true, data: { key: expect.stringMatching(/^sk-atl-/) } });
    const key = plant({ name: "an API key made in Settings → API keys", value: (created.result!.data as { key: string }).key, allowedResponses: 1 });
    expect((await api("GET", "/assistants", { key })).status).toBe(200);
    for (const path of ["/settings/api-keys", "/settings/activity"]) expectNoSecret(await page(path, owner), [key]);
    const id = (created.result!.data as { id: string }).id;
    expect((await callAction(action("revokeKey"), { id }, { cookie: owner })).result).toMatchObject({ ok: true });
    const refused = await api("GET", "/assistants", { key });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain(key);
  });
});

describe("a webhook signing secret", () => {
  it("is in the answer of the rotation that made it and nowhere else: not in pages, the log, the activity or the next rotation", async () => {
    // The scanner looks for characters encodings leave alone: the secret's longest such run (base64
    // has + / =), before the last four characters (the hint shows those). Rotated until one is long enough.
    let secret = "";
    for (let tries = 0; secret.length < 16 && tries < 10; tries++) {
      const rotated = await callAction(action("rotateWebhookSecret"), {}, { cookie: owner });
      expect(rotated.result).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/), hint: expect.stringMatching(/^…/) } });
      const whole = (rotated.result!.data as { secret: string }).secret;
      secret = (whole.slice(0, -4).match(/[A-Za-z0-9_]+/g) ?? []).reduce((longest, run) => (run.length > longest.length ? run : longest), "");
    }
    plant({ name: "a webhook signing secret made in Settings → Webhooks (its longest base64 run)", value: secret, allowedResponses: 1 });
    const second = await callAction(action("rotateWebhookSecret"), {}, { cookie: owner });
    expect(second.result).toMatchObject({ ok: true, data: { previousUntil: expect.anything() } });
    expect(JSON.stringify(second.result)).not.toContain(secret);
    for (const cookie of [owner, viewer]) {
      const html = await page("/settings/webhooks", cookie);
      expect(html).toContain((second.result!.data as { hint: string }).hint);
      expectNoSecret(html, [secret]);
      expectNoSecret(JSON.stringify((await callAction(action("loadDeliveries"), {}, { cookie })).result), [secret]);
    }
    expectNoSecret(await page("/settings/activity", owner), [secret]);
    expect((await callAction(action("rotateWebhookSecret"), {}, { cookie: viewer })).result).toMatchObject({ ok: false, code: "forbidden" });
  });
});
