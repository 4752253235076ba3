import OpenAI, { APIError, NotFoundError } from "openai";
import type { Assistant, AssistantCreateParams, AssistantListParams, AssistantUpdateParams } from "openai/resources/beta/assistants";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sdkClient, type RecordedExchange } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { registerPlugin } from "./support/plugins";

// The official `openai` SDK against Atelier, changing only baseURL and apiKey: what an automation
// user does. Every response the SDK receives is checked against the OpenAI contract (see
// support/http.ts); afterEach fails a test whose responses broke it.

/** Atelier's extension fields (Model Studio: top_k, max_tokens; Project David: user_id, webhook_url, meta_data). */
type Extensions = {
  top_k?: number | null;
  max_tokens?: number | null;
  user_id?: string | null;
  webhook_url?: string | null;
  meta_data?: Record<string, string> | null;
  reasoning_effort?: string | null;
  tools?: unknown[];
};
/** Any tool as it comes back: OpenAI's, built-in extensions, plugins with `auth`. */
type AnyTool = { type: string; auth?: { type: string; user_token: string }; [key: string]: unknown };
type ExtendedAssistant = Omit<Assistant, "tools"> & {
  top_k: number | null;
  max_tokens: number | null;
  user_id: string | null;
  webhook_url: string | null;
  tools: AnyTool[];
};

const ID_PATTERN = /^asst_[0-9A-Za-z]{24}$/;

let crud: TestWorkspace;
let listing: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
/** The stored row, read through lib/ (plugin tokens unmasked). */
let workspaceAssistant: (id: string) => Promise<{ tools: AnyTool[] } | null>;

beforeAll(async () => {
  ({ crud, listing } = await provision(async (lib) => ({
    crud: await createTestWorkspace(lib, "sdk"),
    // The list tests get a workspace of their own so the other tests' assistants do not show up.
    listing: await createTestWorkspace(lib, "sdk-list"),
  })));
  workspaceAssistant = (id) =>
    provision(async (lib) => {
      const row = await lib.assistants.getAssistant(crud.caller, id).catch(() => null);
      return row && { tools: row.tools as AnyTool[] };
    });
  sdk = sdkClient(crud.apiKey);
  client = sdk.client;
});

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const weatherFunction = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["city", "unit"],
      additionalProperties: false,
    },
    strict: true,
  },
};

const answerFormat = {
  type: "json_schema" as const,
  json_schema: {
    name: "answer",
    description: "A short answer with a confidence",
    schema: {
      type: "object",
      properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } },
      required: ["answer", "confidence"],
      additionalProperties: false,
    },
    strict: true,
  },
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("create and retrieve with the SDK", () => {
  it("creates an assistant with every OpenAI field and returns it as sent", async () => {
    const before = nowSeconds();
    // tool_resources name real files and stores of the workspace (unknown ids are a 400).
    const [fileA, fileB] = await Promise.all(["a.txt", "b.txt"].map((name) => client.files.create({ file: new File([name], name), purpose: "assistants" })));
    const store = await client.vectorStores.create({ name: "weather docs" });
    const params: AssistantCreateParams = {
      model: "gpt-4o-mini",
      name: "Weather bot",
      description: "Answers weather questions",
      instructions: "You are a concise weather assistant.",
      tools: [{ type: "code_interpreter" }, { type: "file_search", file_search: { max_num_results: 5 } }, weatherFunction],
      metadata: { team: "qa", purpose: "sdk-test" },
      temperature: 0.7,
      top_p: 0.9,
      response_format: answerFormat,
      tool_resources: { code_interpreter: { file_ids: [fileA!.id, fileB!.id] }, file_search: { vector_store_ids: [store.id] } },
    };
    const created = await client.beta.assistants.create(params);

    expect(created.id).toMatch(ID_PATTERN);
    expect(created.object).toBe("assistant");
    expect(created.created_at).toBeGreaterThanOrEqual(before - 1);
    expect(created.created_at).toBeLessThanOrEqual(nowSeconds() + 1);
    expect(created).toMatchObject({
      model: "gpt-4o-mini",
      name: "Weather bot",
      description: "Answers weather questions",
      instructions: "You are a concise weather assistant.",
      tools: params.tools,
      metadata: { team: "qa", purpose: "sdk-test" },
      temperature: 0.7,
      top_p: 0.9,
      response_format: answerFormat,
      tool_resources: params.tool_resources,
    });

    const retrieved = await client.beta.assistants.retrieve(created.id);
    expect(retrieved).toEqual(created);
  });

  it("keeps function parameters exactly as sent, even a property named __proto__ (or refuses them)", async () => {
    // JSON.parse makes "__proto__" an own property, as it is in the request body.
    const parameters = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}},"required":["__proto__"]}');
    const tools = [{ type: "function" as const, function: { name: "odd_names", parameters } }];
    const result = await client.beta.assistants.create({ model: "gpt-4o-mini", tools }).then(
      (assistant) => ({ assistant, error: null }),
      (error: unknown) => ({ assistant: null, error: error as APIError }),
    );
    if (result.error) {
      // Refusing is fine (metadata refuses the key '__proto__'), with a param that names it.
      expect(result.error.status).toBe(400);
      expect(result.error.param).toMatch(/^tools\[0\]\.function\.parameters/);
      return;
    }
    const parametersOf = (assistant: Assistant) => (assistant.tools[0] as { function: { parameters: unknown } }).function.parameters;
    expect(canonicalJson(parametersOf(result.assistant!)), "returned parameters").toBe(canonicalJson(parameters));
    const retrieved = await client.beta.assistants.retrieve(result.assistant!.id);
    expect(canonicalJson(parametersOf(retrieved)), "stored parameters").toBe(canonicalJson(parameters));
  });

  it("keeps the key order of JSON Schemas (the model reads and fills properties in that order)", async () => {
    // Structured outputs generate properties in schema order: "reasoning" before "answer" is a
    // deliberate prompt-design choice, and so is the order of a function's parameters.
    const responseSchema = {
      type: "object",
      properties: { reasoning: { type: "string" }, answer: { type: "string" }, confidence: { type: "number" } },
      required: ["reasoning", "answer", "confidence"],
      additionalProperties: false,
    };
    const parameters = { type: "object", properties: { zip_code: { type: "string" }, city: { type: "string" }, country: { type: "string" } } };
    const created = await client.beta.assistants.create({
      model: "gpt-4o-mini",
      tools: [{ type: "function", function: { name: "locate", parameters } }],
      response_format: { type: "json_schema", json_schema: { name: "reasoned_answer", schema: responseSchema, strict: true } },
      metadata: { zeta: "1", alpha: "2" },
    });
    for (const assistant of [created, await client.beta.assistants.retrieve(created.id)]) {
      const format = assistant.response_format as unknown as { json_schema: { schema: { properties: object } } };
      expect(Object.keys(format.json_schema.schema.properties), "response_format schema property order").toEqual(["reasoning", "answer", "confidence"]);
      const fn = assistant.tools[0] as unknown as { function: { parameters: { properties: object } } };
      expect(Object.keys(fn.function.parameters.properties), "function parameter order").toEqual(["zip_code", "city", "country"]);
    }
  });
});

/** JSON with object keys sorted, built by hand so own "__proto__" keys are kept. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

describe("list with the SDK", () => {
  let listClient: OpenAI;
  let listSdk: ReturnType<typeof sdkClient>;
  /** Oldest first. */
  let ids: string[];

  const pageBodies = (exchanges: RecordedExchange[]) =>
    exchanges.filter((exchange) => exchange.method === "GET").map((exchange) => JSON.parse(exchange.text));

  beforeAll(async () => {
    listSdk = sdkClient(listing.apiKey);
    listClient = listSdk.client;
    // An empty workspace lists as an empty page (first_id/last_id null, as OpenAI returns).
    const empty = await listClient.beta.assistants.list();
    expect(empty.data).toEqual([]);
    expect(pageBodies(listSdk.exchanges)[0]).toEqual({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
    ids = [];
    // One at a time: each id carries its creation time, so this is the list's ascending order.
    for (let i = 0; i < 8; i++) ids.push((await listClient.beta.assistants.create({ model: "gpt-4o-mini", name: `list ${i}` })).id);
    expect(listSdk.contractViolations()).toEqual([]);
    listSdk.exchanges.length = 0;
  });

  afterEach(() => {
    expect(listSdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
    listSdk.exchanges.length = 0;
  });

  it("auto-paginates newest first by default, 3 per page", async () => {
    const seen: string[] = [];
    for await (const assistant of listClient.beta.assistants.list({ limit: 3 })) seen.push(assistant.id);
    expect(seen).toEqual([...ids].reverse());

    const pages = pageBodies(listSdk.exchanges);
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 2]);
    expect(pages.map((page) => page.has_more)).toEqual([true, true, false]);
    for (const page of pages) {
      expect(page.first_id).toBe(page.data[0].id);
      expect(page.last_id).toBe(page.data.at(-1).id);
    }
    // The SDK follows `after=<last_id>`.
    expect(listSdk.exchanges.map((exchange) => new URL(exchange.path, "http://x").searchParams.get("after"))).toEqual([
      null,
      ids[5],
      ids[2],
    ]);
  });

  it("auto-paginates oldest first with order=asc", async () => {
    const seen: string[] = [];
    for await (const assistant of listClient.beta.assistants.list({ limit: 3, order: "asc" })) seen.push(assistant.id);
    expect(seen).toEqual(ids);
    expect(pageBodies(listSdk.exchanges).map((page) => page.has_more)).toEqual([true, true, false]);
  });

  it("pages by hand with after and before, in both orders", async () => {
    const page = async (query: AssistantListParams) => {
      const result = await listClient.beta.assistants.list(query);
      const body = pageBodies(listSdk.exchanges).at(-1);
      expect(result.data.map((a) => a.id)).toEqual(body.data.map((a: Assistant) => a.id));
      return { ids: body.data.map((a: Assistant) => a.id), first_id: body.first_id, last_id: body.last_id, has_more: body.has_more };
    };
    const expected = (slice: string[], has_more: boolean) => ({ ids: slice, first_id: slice[0], last_id: slice.at(-1), has_more });

    // asc: [0 1 2] [3 4 5] [6 7]
    expect(await page({ order: "asc", limit: 3 })).toEqual(expected(ids.slice(0, 3), true));
    expect(await page({ order: "asc", limit: 3, after: ids[2] })).toEqual(expected(ids.slice(3, 6), true));
    expect(await page({ order: "asc", limit: 3, after: ids[5] })).toEqual(expected(ids.slice(6, 8), false));
    // `before` returns the page just before the cursor, still in the requested order; has_more says
    // whether more lie further back.
    expect(await page({ order: "asc", limit: 3, before: ids[6] })).toEqual(expected(ids.slice(3, 6), true));
    expect(await page({ order: "asc", limit: 3, before: ids[3] })).toEqual(expected(ids.slice(0, 3), false));
    expect(await page({ order: "asc", limit: 3, before: ids[2] })).toEqual(expected(ids.slice(0, 2), false));

    const desc = [...ids].reverse(); // [7 6 5] [4 3 2] [1 0]
    expect(await page({ limit: 3 })).toEqual(expected(desc.slice(0, 3), true));
    expect(await page({ order: "desc", limit: 3, after: desc[2] })).toEqual(expected(desc.slice(3, 6), true));
    expect(await page({ order: "desc", limit: 3, after: desc[5] })).toEqual(expected(desc.slice(6, 8), false));
    expect(await page({ order: "desc", limit: 3, before: desc[6] })).toEqual(expected(desc.slice(3, 6), true));
    expect(await page({ order: "desc", limit: 3, before: desc[3] })).toEqual(expected(desc.slice(0, 3), false));

    // Past either end: an empty page.
    expect(await page({ order: "asc", limit: 3, after: ids[7] })).toEqual({ ids: [], first_id: null, last_id: null, has_more: false });
    expect(await page({ order: "desc", limit: 3, before: desc[0] })).toEqual({ ids: [], first_id: null, last_id: null, has_more: false });
    // The whole list in one page.
    expect(await page({ order: "asc", limit: 100 })).toEqual(expected(ids, false));
    expect(await page({ order: "asc", limit: 8 })).toEqual(expected(ids, false));
  });

  it("keeps paginating from a cursor whose assistant was deleted", async () => {
    const victim = ids[4]!;
    await listClient.beta.assistants.delete(victim);
    ids = ids.filter((id) => id !== victim);
    const after = await listClient.beta.assistants.list({ order: "asc", limit: 2, after: victim });
    expect(after.data.map((a) => a.id)).toEqual(ids.slice(4, 6));
    const seen: string[] = [];
    for await (const assistant of listClient.beta.assistants.list({ limit: 3, order: "asc" })) seen.push(assistant.id);
    expect(seen).toEqual(ids);
  });
});

describe("list with ties: assistants created in the same instant", () => {
  it("pages through 10 concurrently created assistants without gaps or repeats, in both orders", async () => {
    const burst = await provision((lib) => createTestWorkspace(lib, "sdk-burst"));
    const burstSdk = sdkClient(burst.apiKey);
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => burstSdk.client.beta.assistants.create({ model: "gpt-4o-mini", name: `burst ${i}` })),
    );
    const walk = async (order: "asc" | "desc", limit: number) => {
      const seen: string[] = [];
      for await (const assistant of burstSdk.client.beta.assistants.list({ order, limit })) seen.push(assistant.id);
      return seen;
    };
    for (const limit of [1, 3, 4]) {
      const asc = await walk("asc", limit);
      const desc = await walk("desc", limit);
      expect(new Set(asc).size, `asc, limit ${limit}: no repeats`).toBe(10);
      expect([...asc].sort(), `asc, limit ${limit}: every assistant`).toEqual(created.map((a) => a.id).sort());
      expect(desc, `desc is asc reversed (limit ${limit})`).toEqual([...asc].reverse());
    }
    // Ids carry their creation time first, so the list order is the ids' (byte) order.
    const asc = await walk("asc", 100);
    expect(asc).toEqual([...asc].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(burstSdk.contractViolations()).toEqual([]);
  });
});

describe("update with the SDK", () => {
  it("changes only the fields sent; null clears name; metadata is replaced, not merged", async () => {
    const created = await client.beta.assistants.create({
      model: "gpt-4o-mini",
      name: "To update",
      description: "Stays",
      instructions: "Stays too",
      tools: [weatherFunction],
      metadata: { a: "1", b: "2" },
      temperature: 0.5,
      top_p: 0.8,
      response_format: { type: "json_object" },
      tool_resources: { code_interpreter: { file_ids: [(await client.files.create({ file: new File(["x"], "x.txt"), purpose: "assistants" })).id] } },
    });

    const updated = await client.beta.assistants.update(created.id, { name: null, metadata: { c: "3" } } as AssistantUpdateParams);
    // Each change is a new version (Atelier's `version` extension).
    expect(updated).toEqual({ ...created, name: null, metadata: { c: "3" }, version: 2 });
    expect(await client.beta.assistants.retrieve(created.id)).toEqual(updated);

    const second = await client.beta.assistants.update(created.id, { model: "gpt-4o", temperature: 1.2, tools: [] });
    expect(second).toEqual({ ...updated, model: "gpt-4o", temperature: 1.2, tools: [], version: 3 });

    // An empty update is valid and changes nothing.
    expect(await client.beta.assistants.update(created.id, {})).toEqual(second);
    // Clearing other nullable fields.
    const cleared = await client.beta.assistants.update(created.id, {
      description: null,
      instructions: null,
      temperature: null,
      top_p: null,
      metadata: null,
      response_format: null,
      tool_resources: null,
    } as AssistantUpdateParams);
    expect(cleared).toMatchObject({
      id: created.id,
      description: null,
      instructions: null,
      temperature: null,
      top_p: null,
      metadata: {},
      response_format: "auto",
      tool_resources: {},
    });
    expect(cleared.created_at).toBe(created.created_at);
  });
});

describe("delete with the SDK", () => {
  it("deletes, then retrieve, update and delete throw NotFoundError with OpenAI's error body", async () => {
    const created = await client.beta.assistants.create({ model: "gpt-4o-mini", name: "Short-lived" });
    const deleted = await client.beta.assistants.delete(created.id);
    expect(deleted).toEqual({ id: created.id, object: "assistant.deleted", deleted: true });

    for (const attempt of [
      () => client.beta.assistants.retrieve(created.id),
      () => client.beta.assistants.update(created.id, { name: "ghost" }),
      () => client.beta.assistants.delete(created.id),
    ]) {
      const error = await attempt().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(NotFoundError);
      const notFound = error as NotFoundError;
      expect(notFound.status).toBe(404);
      expect(notFound.error).toEqual({
        message: expect.stringContaining(created.id),
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      });
      expect(notFound.type).toBe("invalid_request_error");
    }
    const all: string[] = [];
    for await (const assistant of client.beta.assistants.list({ limit: 100 })) all.push(assistant.id);
    expect(all).not.toContain(created.id);
  });
});

describe("extensions round-trip through the SDK", () => {
  const SECRET = "plugin-secret-token-0123456789-WXYZ";
  const pluginTool = { type: "weather_plugin", auth: { type: "user_http", user_token: SECRET } };

  // Plugin tools name plugins the workspace registered (issue 24).
  beforeAll(async () => {
    for (const id of ["weather_plugin", "acme_crm", "acme_mail"]) await registerPlugin(crud.apiKey, id);
  });

  it("top_k, max_tokens, user_id, webhook_url, reasoning_effort and the meta_data alias", async () => {
    const params: AssistantCreateParams & Extensions = {
      model: "qwen-max",
      name: "Extended",
      top_k: 40,
      max_tokens: 1024,
      user_id: "user_42",
      webhook_url: "https://hooks.example.com/atelier",
      reasoning_effort: "low",
      meta_data: { source: "project-david" },
    };
    const created = (await client.beta.assistants.create(params)) as ExtendedAssistant;
    expect(created).toMatchObject({
      top_k: 40,
      max_tokens: 1024,
      user_id: "user_42",
      webhook_url: "https://hooks.example.com/atelier",
      reasoning_effort: "low",
      metadata: { source: "project-david" },
    });
    expect(created).not.toHaveProperty("meta_data");
    expect(await client.beta.assistants.retrieve(created.id)).toEqual(created);

    // Partial update keeps the extensions; meta_data replaces metadata like metadata does; null clears.
    const updated = (await client.beta.assistants.update(created.id, {
      max_tokens: 2048,
      meta_data: { source: "updated" },
    } as AssistantUpdateParams)) as ExtendedAssistant;
    expect(updated).toEqual({ ...created, max_tokens: 2048, metadata: { source: "updated" }, version: 2 });
    const cleared = (await client.beta.assistants.update(created.id, {
      top_k: null,
      user_id: null,
      webhook_url: null,
    } as AssistantUpdateParams)) as ExtendedAssistant;
    expect(cleared).toEqual({ ...updated, version: 3, top_k: null, user_id: null, webhook_url: null });
  });

  it("built-in extension tools (search, web_search, text_to_image) round-trip next to OpenAI's", async () => {
    const tools = [{ type: "search" }, { type: "web_search" }, { type: "text_to_image" }, weatherFunction];
    const created = (await client.beta.assistants.create({ model: "qwen-max", tools } as AssistantCreateParams)) as ExtendedAssistant;
    expect(created.tools).toEqual(tools);
    expect(((await client.beta.assistants.retrieve(created.id)) as ExtendedAssistant).tools).toEqual(tools);
    const listed = await client.beta.assistants.list({ limit: 100 });
    expect((listed.data.find((a) => a.id === created.id) as ExtendedAssistant).tools).toEqual(tools);
  });

  it("a plugin tool's user_token is masked in every response and kept when the mask is sent back", async () => {
    const created = (await client.beta.assistants.create({
      model: "qwen-max",
      name: "With plugin",
      tools: [pluginTool, weatherFunction],
    } as AssistantCreateParams)) as ExtendedAssistant;
    const masked = created.tools[0]!.auth!.user_token;
    expect(created.tools[0]).toEqual({ type: pluginTool.type, auth: { type: "user_http", user_token: masked } });
    expect(masked).not.toContain(SECRET.slice(0, 8));
    expect(masked).toMatch(/^\*{4}/);
    expect(masked.endsWith("WXYZ")).toBe(true);

    const retrieved = (await client.beta.assistants.retrieve(created.id)) as ExtendedAssistant;
    expect(retrieved.tools).toEqual(created.tools);
    await client.beta.assistants.list({ limit: 100 });

    // Round-trip: read, change the name, write the tools back as read (with the mask).
    const renamed = (await client.beta.assistants.update(created.id, {
      name: "Renamed",
      tools: retrieved.tools,
    } as AssistantUpdateParams)) as ExtendedAssistant;
    expect(renamed.name).toBe("Renamed");
    expect(renamed.tools).toEqual(created.tools);
    const stored = await workspaceAssistant(created.id);
    expect(stored?.tools[0]?.auth?.user_token, "the stored token survives a masked round-trip").toBe(SECRET);

    // A new plaintext token replaces it (and is masked in turn).
    const NEW_SECRET = "another-plugin-secret-9876-ABCD";
    const replaced = (await client.beta.assistants.update(created.id, {
      tools: [{ ...pluginTool, auth: { type: "user_http", user_token: NEW_SECRET } }],
    } as unknown as AssistantUpdateParams)) as ExtendedAssistant;
    expect(replaced.tools).toEqual([{ type: pluginTool.type, auth: { type: "user_http", user_token: expect.stringMatching(/^\*{4}.*ABCD$/) } }]);
    expect((await workspaceAssistant(created.id))?.tools[0]?.auth?.user_token).toBe(NEW_SECRET);

    // No response of this test carried either secret.
    for (const exchange of sdk.exchanges) {
      expect(exchange.text, `${exchange.method} ${exchange.path}`).not.toContain(SECRET);
      expect(exchange.text, `${exchange.method} ${exchange.path}`).not.toContain(NEW_SECRET);
    }
    expect(sdk.exchanges.length).toBeGreaterThanOrEqual(5);
  });

  it("round-tripping two plugin tools of the same type keeps each one's own token", async () => {
    // Two accounts of one plugin. Their masks are equal (short tokens all mask to "****"; long ones
    // show the last 4 characters), so the mask alone cannot say which stored token is meant.
    const tools = [
      { type: "acme_crm", auth: { type: "user_http", user_token: "tokenA" } },
      { type: "acme_crm", auth: { type: "user_http", user_token: "tokenB" } },
      { type: "acme_crm", auth: { type: "user_http", user_token: "long-token-number-one-SAME" } },
      { type: "acme_crm", auth: { type: "user_http", user_token: "long-token-number-two-SAME" } },
    ];
    const created = (await client.beta.assistants.create({ model: "qwen-max", tools } as unknown as AssistantCreateParams)) as ExtendedAssistant;
    const storedTokens = async () => (await workspaceAssistant(created.id))?.tools.map((tool) => tool.auth?.user_token);
    expect(await storedTokens()).toEqual(tools.map((tool) => tool.auth.user_token));
    // Read, change the name, write the tools back as read.
    await client.beta.assistants.update(created.id, { name: "Renamed", tools: created.tools } as unknown as AssistantUpdateParams);
    expect(await storedTokens(), "each plugin keeps its own token").toEqual(tools.map((tool) => tool.auth.user_token));
  });

  it("a masked token that matches no stored token is refused, not stored as the secret", async () => {
    const created = (await client.beta.assistants.create({
      model: "qwen-max",
      tools: [{ type: "acme_mail", auth: { type: "user_http", user_token: "the-real-mail-token-1234" } }],
    } as unknown as AssistantCreateParams)) as ExtendedAssistant;
    const attempts = [
      // A mask of some other token (the stored one ends in 1234).
      () => client.beta.assistants.update(created.id, { tools: [{ type: "acme_mail", auth: { type: "user_http", user_token: "****9999" } }] } as unknown as AssistantUpdateParams),
      // A mask where there is nothing stored to keep.
      () => client.beta.assistants.create({ model: "qwen-max", tools: [{ type: "acme_mail", auth: { type: "user_http", user_token: "****1234" } }] } as unknown as AssistantCreateParams),
    ];
    for (const attempt of attempts) {
      const error = await attempt().then(() => null, (thrown: unknown) => thrown as APIError);
      expect(error?.status, "a mask is not a token").toBe(400);
      expect(error?.param).toBe("tools[0].auth.user_token");
    }
    expect((await workspaceAssistant(created.id))?.tools[0]?.auth?.user_token).toBe("the-real-mail-token-1234");
  });
});
