import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, type Json } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { open } from "@/lib/security/secret-box";
import type { ProviderView } from "@/lib/providers/service";

// A provider configured in a workspace (Settings → Providers) pointing at the scripted model server
// (the same one the app's default provider uses, which wants MODEL_KEY): its connection test, its
// key at rest, its models in GET /models, and a run whose model `name/scripted-1` goes through it.

const MODEL_KEY = "sk-scripted-test-key";
const NAME = "scripted";

let ws: TestWorkspace;
let other: TestWorkspace;
let provider: ProviderView;

type Services = typeof import("@/lib/providers/service");
const services = (fn: (providers: Services, lib: Parameters<Parameters<typeof provision>[0]>[0]) => Promise<unknown>) =>
  provision(async (lib) => fn(await import("@/lib/providers/service"), lib));

const input = (fields: Partial<{ name: string; baseUrl: string; apiKey: string; removeKey: boolean }> = {}) => ({
  name: NAME,
  kind: "openai-compatible" as const,
  baseUrl: inject("modelURL"),
  apiKey: "",
  removeKey: false,
  ...fields,
});

beforeAll(async () => {
  await services(async (providers, lib) => {
    ws = await createTestWorkspace(lib, "providers");
    other = await createTestWorkspace(lib, "providers-other");
    provider = await providers.createProvider(ws.caller, input({ apiKey: MODEL_KEY }));
  });
});
afterAll(releaseDatabase);

const storedRow = () => services((_, lib) => lib.db.getDb().provider.findUniqueOrThrow({ where: { id: provider.id } })) as Promise<Json>;

/** What the scripted model server received whose last message mentions `marker`. */
async function modelRequestsWith(marker: string): Promise<{ body: Json; authorization: string | null }[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  const { data } = (await response.json()) as { data: { body: Json; authorization: string | null }[] };
  return data.filter((request) => JSON.stringify(request.body?.messages ?? []).includes(marker));
}

async function pollRun(threadId: string, runId: string): Promise<Json> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await api("GET", `/threads/${threadId}/runs/${runId}`, { key: ws.apiKey });
    if (!["queued", "in_progress", "cancelling"].includes(body.status) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a workspace provider", () => {
  it("is listed with its key's hint, never the key", async () => {
    expect(provider).toMatchObject({ name: NAME, kind: "openai-compatible", baseUrl: inject("modelURL"), keyHint: "…-key", models: [], modelsFetchedAt: null });
    expect(JSON.stringify(provider)).not.toContain(MODEL_KEY);
    const listed = (await services((providers) => providers.listProviders(ws.caller))) as ProviderView[];
    expect(listed.map((entry) => entry.id)).toEqual([provider.id]);
    expect(JSON.stringify(listed)).not.toContain(MODEL_KEY);
    expect(await services((providers) => providers.listProviders(other.caller))).toEqual([]);
  });

  it("tests its connection with the stored key and caches the models", async () => {
    const test = await services((providers) => providers.testConnection(ws.caller, provider.id));
    expect(test).toMatchObject({ ok: true, status: 200, models: ["scripted-1", "scripted-small", "scripted-embed"] });
    expect((test as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(0);
    const row = await storedRow();
    expect(row.models.map((model: Json) => model.id)).toEqual(["scripted-1", "scripted-small", "scripted-embed"]);
    expect(row.modelsFetchedAt).toBeInstanceOf(Date);
  });

  it("stores the key encrypted under ATELIER_SECRET, bound to its row", async () => {
    const row = await storedRow();
    expect(row.apiKeyCiphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const dump = JSON.stringify(await services((_, lib) => lib.db.getDb().$queryRawUnsafe("SELECT * FROM providers WHERE id = $1", provider.id)));
    expect(dump).not.toContain(MODEL_KEY);
    expect(dump).not.toContain(Buffer.from(MODEL_KEY).toString("base64"));
    expect(open(row.apiKeyCiphertext, inject("secret"), `provider:${provider.id}`)).toBe(MODEL_KEY);
    expect(() => open(row.apiKeyCiphertext, inject("secret"), "provider:prov_other")).toThrow();
  });

  it("GET /models lists its models as name/model, in its workspace only", async () => {
    const mine = await api("GET", "/models", { key: ws.apiKey });
    expect(mine.status).toBe(200);
    const ids = mine.body.data.map((model: Json) => model.id);
    expect(ids).toEqual(expect.arrayContaining(["scripted-1", `${NAME}/scripted-1`, `${NAME}/scripted-small`]));
    // Each names the provider serving it (the console shows it beside each suggestion).
    const providerOf = (id: string) => mine.body.data.find((model: Json) => model.id === id)?.provider;
    expect([providerOf("scripted-1"), providerOf(`${NAME}/scripted-1`)]).toEqual(["openai", NAME]);
    const theirs = await api("GET", "/models", { key: other.apiKey });
    expect(theirs.body.data.map((model: Json) => model.id)).not.toContain(`${NAME}/scripted-1`);
  });

  it("serves a run whose model is name/scripted-1, with its own key and the model id without the prefix", async () => {
    const marker = `via-provider-${randomBytes(4).toString("hex")}`;
    const assistant = await api("POST", "/assistants", { key: ws.apiKey, json: { model: `${NAME}/scripted-1`, instructions: "Be brief." } });
    expect(assistant.status).toBe(200);
    const thread = await api("POST", "/threads", { key: ws.apiKey, json: { messages: [{ role: "user", content: `hello ${marker}` }] } });
    const created = await api("POST", `/threads/${thread.body.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistant.body.id } });
    expect(created.status).toBe(200);
    const run = await pollRun(thread.body.id, created.body.id);
    expect(run).toMatchObject({ status: "completed", model: `${NAME}/scripted-1`, last_error: null });
    const messages = await api("GET", `/threads/${thread.body.id}/messages?limit=1`, { key: ws.apiKey });
    expect(messages.body.data[0].content[0].text.value).toBe(`You said: hello ${marker}`);
    const [received] = await modelRequestsWith(marker);
    expect(received).toMatchObject({ authorization: `Bearer ${MODEL_KEY}`, body: { model: "scripted-1" } });
  });

  it("means nothing in another workspace: there the whole id goes to the default provider", async () => {
    const marker = `other-ws-${randomBytes(4).toString("hex")}`;
    const assistant = await api("POST", "/assistants", { key: other.apiKey, json: { model: `${NAME}/scripted-1` } });
    const thread = await api("POST", "/threads", { key: other.apiKey, json: { messages: [{ role: "user", content: `hello ${marker}` }] } });
    await api("POST", `/threads/${thread.body.id}/runs`, { key: other.apiKey, json: { assistant_id: assistant.body.id } });
    // There `scripted/scripted-1` is a plain id of the default provider: the prefix goes along.
    await expect.poll(async () => (await modelRequestsWith(marker))[0]?.body.model, { timeout: 20_000 }).toBe(`${NAME}/scripted-1`);
  });
});

describe("changing a provider", () => {
  it("keeps the stored key when none is typed, and clears it on request", async () => {
    const before = await storedRow();
    const kept = await services((providers) => providers.updateProvider(ws.caller, provider.id, input()));
    expect(kept).toMatchObject({ keyHint: "…-key" });
    expect((await storedRow()).apiKeyCiphertext).toBe(before.apiKeyCiphertext);

    await services((providers) => providers.updateProvider(ws.caller, provider.id, input({ removeKey: true })));
    expect(await storedRow()).toMatchObject({ apiKeyCiphertext: null, apiKeyHint: null });
    const refused = await services((providers) => providers.testConnection(ws.caller, provider.id));
    expect(refused).toMatchObject({ ok: false, status: 401, models: [], error: expect.stringMatching(/^HTTP 401: Incorrect API key/) });

    const restored = await services((providers) => providers.updateProvider(ws.caller, provider.id, input({ apiKey: MODEL_KEY })));
    expect(restored).toMatchObject({ keyHint: "…-key" });
    expect(await services((providers) => providers.testConnection(ws.caller, provider.id))).toMatchObject({ ok: true });
    const events = await services((_, lib) => lib.db.getDb().auditEvent.findMany({ where: { workspaceId: ws.id, targetId: provider.id }, orderBy: { createdAt: "asc" } }));
    expect((events as Json[]).map((event) => [event.action, event.details?.key])).toEqual([
      ["provider.created", "set"],
      ["provider.updated", "kept"],
      ["provider.updated", "removed"],
      ["provider.updated", "replaced"],
    ]);
    expect(JSON.stringify(events)).not.toContain(MODEL_KEY);
  });

  it("refuses a second provider of the same name, on the name field", async () => {
    await expect(services((providers) => providers.createProvider(ws.caller, input()))).rejects.toMatchObject({ code: "conflict", fieldErrors: { name: [expect.stringMatching(/already has a provider named/)] } });
  });

  it("lets only owners change or test providers; every member lists them", async () => {
    await services(async (providers, lib) => {
      const user = { id: "user_providers_test", email: "member@example.test" };
      for (const role of ["editor", "viewer"] as const) {
        const member = lib.caller.memberCaller(user, ws.id, role, null);
        await expect(providers.createProvider(member, input({ name: "mine" }))).rejects.toMatchObject({ code: "forbidden" });
        await expect(providers.updateProvider(member, provider.id, input())).rejects.toMatchObject({ code: "forbidden" });
        await expect(providers.testConnection(member, provider.id)).rejects.toMatchObject({ code: "forbidden" });
        await expect(providers.deleteProvider(member, provider.id)).rejects.toMatchObject({ code: "forbidden" });
        expect((await providers.listProviders(member)).map((entry) => entry.name)).toEqual([NAME]);
      }
    });
  });

  it("is deleted with its models, and another workspace cannot reach it", async () => {
    const extra = (await services((providers) => providers.createProvider(ws.caller, input({ name: "doomed" })))) as ProviderView;
    await expect(services((providers) => providers.deleteProvider(other.caller, extra.id))).rejects.toMatchObject({ code: "not_found" });
    await services((providers) => providers.deleteProvider(ws.caller, extra.id));
    await expect(services((providers) => providers.deleteProvider(ws.caller, extra.id))).rejects.toMatchObject({ code: "not_found" });
  });
});
