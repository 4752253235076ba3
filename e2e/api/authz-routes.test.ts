import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMember, createUser, signInCookie, type TestUser } from "./support/console";
import { api } from "./support/http";
import { multipartBody, type FormPart } from "./support/multipart";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Who may call which /api/v1 route. For every route: no or a malformed Authorization header → 401
// in OpenAI's shape; a key of another workspace → 404 for this workspace's ids (and lists without
// them); a viewer's key → 403 on writes and 200 on reads; an editor's key may write. Keys follow
// their creator: demoted → capped, removed → refused. The console's session cookie works for
// same-origin requests only.

type Ids = { assistant: string; thread: string; message: string; run: string; step: string; call: string; file: string; store: string; batch: string; test: string; testRun: string; plugin: string; mcpServer: string; approvalThread: string; approvalRun: string; approvalCall: string };

/**
 * `collection`: lists and creates (another workspace lists its own, creates in its own);
 * `names`: which id a 404 for another workspace names; `consumes`: the call uses its target up
 * (deletes it, cancels or resumes its run), so the editor's call gets fresh ids.
 */
type Route = {
  name: string;
  method: string;
  path: (ids: Ids) => string;
  write: boolean;
  body?: (ids: Ids) => unknown;
  /** A multipart/form-data body instead of JSON (uploads). */
  form?: () => FormPart[];
  collection?: boolean;
  names?: keyof Ids;
  consumes?: boolean;
  /** The call needs a thread without an active run (one run at a time; no messages during one). */
  idle?: boolean;
  /** What a permitted call answers, when not 200: its success depends on a server this one cannot reach. */
  permitted?: number;
};

const run = (ids: Ids) => `/threads/${ids.thread}/runs/${ids.run}`;
const store = (ids: Ids) => `/vector_stores/${ids.store}`;
const batch = (ids: Ids) => `${store(ids)}/file_batches/${ids.batch}`;
const ROUTES: Route[] = [
  { name: "GET /assistants/{id}", method: "GET", path: (ids) => `/assistants/${ids.assistant}`, write: false, names: "assistant" },
  { name: "POST /assistants/{id}", method: "POST", path: (ids) => `/assistants/${ids.assistant}`, write: true, body: () => ({ name: "changed" }), names: "assistant" },
  { name: "DELETE /assistants/{id}", method: "DELETE", path: (ids) => `/assistants/${ids.assistant}`, write: true, names: "assistant", consumes: true },
  { name: "GET /assistants/{id}/versions", method: "GET", path: (ids) => `/assistants/${ids.assistant}/versions`, write: false, names: "assistant" },
  { name: "GET /assistants/{id}/versions/{id}", method: "GET", path: (ids) => `/assistants/${ids.assistant}/versions/1`, write: false, names: "assistant" },
  { name: "POST /assistants/{id}/versions/{id}/restore", method: "POST", path: (ids) => `/assistants/${ids.assistant}/versions/1/restore`, write: true, body: () => ({}), names: "assistant" },
  { name: "POST /assistants/{id}/labels", method: "POST", path: (ids) => `/assistants/${ids.assistant}/labels`, write: true, body: () => ({ label: "authz", version: 1 }), names: "assistant" },
  // Every fresh assistant has the label "authz" (freshIds).
  { name: "DELETE /assistants/{id}/labels/{id}", method: "DELETE", path: (ids) => `/assistants/${ids.assistant}/labels/authz`, write: true, names: "assistant", consumes: true },
  { name: "GET /assistants/{id}/tests", method: "GET", path: (ids) => `/assistants/${ids.assistant}/tests`, write: false, names: "assistant" },
  { name: "POST /assistants/{id}/tests", method: "POST", path: (ids) => `/assistants/${ids.assistant}/tests`, write: true, body: () => ({ name: "authz", turns: [{ content: "hi" }] }), names: "assistant" },
  { name: "GET /assistants/{id}/tests/{id}", method: "GET", path: (ids) => `/assistants/${ids.assistant}/tests/${ids.test}`, write: false, names: "assistant" },
  { name: "POST /assistants/{id}/tests/{id}", method: "POST", path: (ids) => `/assistants/${ids.assistant}/tests/${ids.test}`, write: true, body: () => ({ name: "changed" }), names: "assistant" },
  { name: "DELETE /assistants/{id}/tests/{id}", method: "DELETE", path: (ids) => `/assistants/${ids.assistant}/tests/${ids.test}`, write: true, names: "assistant", consumes: true },
  { name: "GET /assistants/{id}/test_runs", method: "GET", path: (ids) => `/assistants/${ids.assistant}/test_runs`, write: false, names: "assistant" },
  { name: "POST /assistants/{id}/test_runs", method: "POST", path: (ids) => `/assistants/${ids.assistant}/test_runs`, write: true, body: (ids) => ({ tests: [ids.test] }), names: "assistant" },
  { name: "GET /assistants/{id}/test_runs/{id}", method: "GET", path: (ids) => `/assistants/${ids.assistant}/test_runs/${ids.testRun}`, write: false, names: "assistant" },
  { name: "GET /assistants/{id}/test_runs/{id}/results", method: "GET", path: (ids) => `/assistants/${ids.assistant}/test_runs/${ids.testRun}/results`, write: false, names: "assistant" },
  // Fresh test runs are still running (their test waits 3 s for its reply).
  { name: "POST /assistants/{id}/test_runs/{id}/cancel", method: "POST", path: (ids) => `/assistants/${ids.assistant}/test_runs/${ids.testRun}/cancel`, write: true, names: "assistant", consumes: true },
  { name: "GET /assistants", method: "GET", path: () => "/assistants", write: false, collection: true },
  { name: "POST /assistants", method: "POST", path: () => "/assistants", write: true, body: () => ({ model: "gpt-4o-mini" }), collection: true },
  { name: "GET /threads", method: "GET", path: () => "/threads", write: false, collection: true },
  { name: "POST /threads", method: "POST", path: () => "/threads", write: true, body: () => ({ metadata: { via: "authz" } }), collection: true },
  { name: "POST /threads/runs", method: "POST", path: () => "/threads/runs", write: true, body: (ids) => ({ assistant_id: ids.assistant, thread: { messages: [{ role: "user", content: "hi" }] } }), names: "assistant" },
  { name: "GET /threads/{id}", method: "GET", path: (ids) => `/threads/${ids.thread}`, write: false, names: "thread" },
  { name: "POST /threads/{id}", method: "POST", path: (ids) => `/threads/${ids.thread}`, write: true, body: () => ({ metadata: { k: "v" } }), names: "thread" },
  { name: "DELETE /threads/{id}", method: "DELETE", path: (ids) => `/threads/${ids.thread}`, write: true, names: "thread", consumes: true },
  { name: "GET /threads/{id}/messages", method: "GET", path: (ids) => `/threads/${ids.thread}/messages`, write: false, names: "thread" },
  { name: "POST /threads/{id}/messages", method: "POST", path: (ids) => `/threads/${ids.thread}/messages`, write: true, body: () => ({ role: "user", content: "hi" }), names: "thread", consumes: true, idle: true },
  { name: "GET /threads/{id}/messages/{id}", method: "GET", path: (ids) => `/threads/${ids.thread}/messages/${ids.message}`, write: false, names: "message" },
  { name: "POST /threads/{id}/messages/{id}", method: "POST", path: (ids) => `/threads/${ids.thread}/messages/${ids.message}`, write: true, body: () => ({ metadata: {} }), names: "message" },
  { name: "DELETE /threads/{id}/messages/{id}", method: "DELETE", path: (ids) => `/threads/${ids.thread}/messages/${ids.message}`, write: true, names: "message", consumes: true },
  { name: "GET /threads/{id}/runs", method: "GET", path: (ids) => `/threads/${ids.thread}/runs`, write: false, names: "thread" },
  { name: "POST /threads/{id}/runs", method: "POST", path: (ids) => `/threads/${ids.thread}/runs`, write: true, body: (ids) => ({ assistant_id: ids.assistant }), names: "thread", consumes: true, idle: true },
  { name: "GET /threads/{id}/runs/{id}", method: "GET", path: run, write: false, names: "run" },
  { name: "POST /threads/{id}/runs/{id}", method: "POST", path: run, write: true, body: () => ({ metadata: { k: "v" } }), names: "run" },
  { name: "POST /threads/{id}/runs/{id}/cancel", method: "POST", path: (ids) => `${run(ids)}/cancel`, write: true, names: "run", consumes: true },
  { name: "POST /threads/{id}/runs/{id}/submit_tool_outputs", method: "POST", path: (ids) => `${run(ids)}/submit_tool_outputs`, write: true, body: (ids) => ({ tool_outputs: [{ tool_call_id: ids.call, output: "ok" }] }), names: "run", consumes: true },
  {
    name: "POST /threads/{id}/runs/{id}/submit_tool_approvals",
    method: "POST",
    path: (ids) => `/threads/${ids.approvalThread}/runs/${ids.approvalRun}/submit_tool_approvals`,
    write: true,
    body: (ids) => ({ approvals: [{ tool_call_id: ids.approvalCall, approve: false, reason: "authz" }] }),
    names: "approvalRun",
    consumes: true,
  },
  { name: "GET /threads/{id}/runs/{id}/steps", method: "GET", path: (ids) => `${run(ids)}/steps`, write: false, names: "run" },
  { name: "GET /threads/{id}/runs/{id}/steps/{id}", method: "GET", path: (ids) => `${run(ids)}/steps/${ids.step}`, write: false, names: "run" },
  { name: "GET /threads/{id}/runs/{id}/events", method: "GET", path: (ids) => `${run(ids)}/events`, write: false, names: "run" },
  { name: "GET /models", method: "GET", path: () => "/models", write: false, collection: true },
  { name: "GET /files", method: "GET", path: () => "/files", write: false, collection: true },
  { name: "POST /files", method: "POST", path: () => "/files", write: true, form: () => upload, collection: true },
  { name: "GET /files/{id}", method: "GET", path: (ids) => `/files/${ids.file}`, write: false, names: "file" },
  { name: "DELETE /files/{id}", method: "DELETE", path: (ids) => `/files/${ids.file}`, write: true, names: "file", consumes: true },
  { name: "GET /files/{id}/content", method: "GET", path: (ids) => `/files/${ids.file}/content`, write: false, names: "file" },
  { name: "GET /vector_stores", method: "GET", path: () => "/vector_stores", write: false, collection: true },
  { name: "POST /vector_stores", method: "POST", path: () => "/vector_stores", write: true, body: () => ({ name: "authz" }), collection: true },
  { name: "GET /vector_stores/{id}", method: "GET", path: store, write: false, names: "store" },
  { name: "POST /vector_stores/{id}", method: "POST", path: store, write: true, body: () => ({ name: "renamed" }), names: "store" },
  { name: "DELETE /vector_stores/{id}", method: "DELETE", path: store, write: true, names: "store", consumes: true },
  { name: "POST /vector_stores/{id}/search", method: "POST", path: (ids) => `${store(ids)}/search`, write: false, body: () => ({ query: "authz" }), names: "store" },
  { name: "GET /vector_stores/{id}/files", method: "GET", path: (ids) => `${store(ids)}/files`, write: false, names: "store" },
  { name: "POST /vector_stores/{id}/files", method: "POST", path: (ids) => `${store(ids)}/files`, write: true, body: (ids) => ({ file_id: ids.file }), names: "store" },
  { name: "GET /vector_stores/{id}/files/{id}", method: "GET", path: (ids) => `${store(ids)}/files/${ids.file}`, write: false, names: "file" },
  { name: "POST /vector_stores/{id}/files/{id}", method: "POST", path: (ids) => `${store(ids)}/files/${ids.file}`, write: true, body: () => ({ attributes: { k: "v" } }), names: "file" },
  { name: "DELETE /vector_stores/{id}/files/{id}", method: "DELETE", path: (ids) => `${store(ids)}/files/${ids.file}`, write: true, names: "store", consumes: true },
  { name: "GET /vector_stores/{id}/files/{id}/content", method: "GET", path: (ids) => `${store(ids)}/files/${ids.file}/content`, write: false, names: "file" },
  { name: "POST /vector_stores/{id}/file_batches", method: "POST", path: (ids) => `${store(ids)}/file_batches`, write: true, body: (ids) => ({ file_ids: [ids.file] }), names: "store" },
  { name: "GET /vector_stores/{id}/file_batches/{id}", method: "GET", path: batch, write: false, names: "batch" },
  { name: "POST /vector_stores/{id}/file_batches/{id}/cancel", method: "POST", path: (ids) => `${batch(ids)}/cancel`, write: true, names: "batch", consumes: true },
  { name: "GET /vector_stores/{id}/file_batches/{id}/files", method: "GET", path: (ids) => `${batch(ids)}/files`, write: false, names: "batch" },
  { name: "GET /plugins", method: "GET", path: () => "/plugins", write: false, collection: true },
  { name: "POST /plugins", method: "POST", path: () => "/plugins", write: true, body: () => pluginBody(), collection: true },
  { name: "GET /plugins/{id}", method: "GET", path: (ids) => `/plugins/${ids.plugin}`, write: false, names: "plugin" },
  { name: "POST /plugins/{id}", method: "POST", path: (ids) => `/plugins/${ids.plugin}`, write: true, body: () => ({ name: "renamed" }), names: "plugin" },
  { name: "DELETE /plugins/{id}", method: "DELETE", path: (ids) => `/plugins/${ids.plugin}`, write: true, names: "plugin", consumes: true },
  { name: "GET /plugins/{id}/operations", method: "GET", path: (ids) => `/plugins/${ids.plugin}/operations`, write: false, names: "plugin" },
  { name: "GET /mcp_servers", method: "GET", path: () => "/mcp_servers", write: false, collection: true },
  { name: "POST /mcp_servers", method: "POST", path: () => "/mcp_servers", write: true, body: () => mcpServerBody(), collection: true },
  { name: "GET /mcp_servers/{id}", method: "GET", path: (ids) => `/mcp_servers/${ids.mcpServer}`, write: false, names: "mcpServer" },
  { name: "POST /mcp_servers/{id}", method: "POST", path: (ids) => `/mcp_servers/${ids.mcpServer}`, write: true, body: () => ({ description: "changed" }), names: "mcpServer" },
  { name: "DELETE /mcp_servers/{id}", method: "DELETE", path: (ids) => `/mcp_servers/${ids.mcpServer}`, write: true, names: "mcpServer", consumes: true },
  // The server's URL names localhost, which resolves to loopback, which this server may not call:
  // a member gets as far as the outbound refusal (502), deterministically and without a network.
  { name: "GET /mcp_servers/{id}/tools", method: "GET", path: (ids) => `/mcp_servers/${ids.mcpServer}/tools`, write: false, names: "mcpServer", permitted: 502 },
];

/** An MCP server with a fresh label (unique per workspace). */
const mcpServerBody = () => ({ server_label: `authz-${Math.random().toString(36).slice(2, 10)}`, server_url: "https://localhost/mcp" });

/** A plugin with a fresh id (plugin ids are chosen, unique per workspace) and one operation. */
const pluginBody = () => ({
  id: `authz-${Math.random().toString(36).slice(2, 10)}`,
  name: "authz",
  openapi: { openapi: "3.1.0", info: { title: "authz", version: "1" }, servers: [{ url: "https://plugins.example/v1" }], paths: { "/ping": { get: { operationId: "ping", responses: { "204": { description: "ok" } } } } } },
});

const upload: FormPart[] = [
  { name: "purpose", value: "assistants" },
  { name: "file", filename: "authz.txt", data: '"authz"', type: "text/plain" },
];

let home: TestWorkspace;
let other: TestWorkspace;
let viewer: TestUser;
let viewerKey: string;
let editorKey: string;
let editorMemberId: string;
let assistantId: string;
let ids: Ids;

async function freshAssistant(): Promise<string> {
  const created = await api("POST", "/assistants", { key: home.apiKey, json: { model: "gpt-4o-mini", name: "authz" } });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

/**
 * An assistant with a function, a thread with a message, and a run of it waiting for the
 * function's output (the scripted model calls it), with its step and call: of the home workspace.
 */
async function freshIds(idle = false): Promise<Ids> {
  const tool = { type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } };
  const assistant = await api("POST", "/assistants", { key: home.apiKey, json: { model: "scripted-1", name: "authz", tools: [tool] } });
  expect((await api("POST", `/assistants/${assistant.body.id}/labels`, { key: home.apiKey, json: { label: "authz", version: 1 } })).status).toBe(200);
  const thread = await api("POST", "/threads", { key: home.apiKey, json: { messages: [{ role: "user", content: "[[tool: f {}]]" }] } });
  expect(thread.status).toBe(200);
  const messages = await api("GET", `/threads/${thread.body.id}/messages`, { key: home.apiKey });
  const created = await api("POST", `/threads/${thread.body.id}/runs`, { key: home.apiKey, json: { assistant_id: assistant.body.id } });
  let current = created;
  for (let i = 0; i < 100 && current.body.status !== "requires_action"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = await api("GET", `/threads/${thread.body.id}/runs/${created.body.id}`, { key: home.apiKey });
  }
  expect(current.body.status).toBe("requires_action");
  const steps = await api("GET", `/threads/${thread.body.id}/runs/${created.body.id}/steps`, { key: home.apiKey });
  if (idle) expect((await api("POST", `/threads/${thread.body.id}/runs/${created.body.id}/cancel`, { key: home.apiKey })).status).toBe(200);
  const { body, contentType } = multipartBody(upload);
  const file = await api("POST", "/files", { key: home.apiKey, headers: { "content-type": contentType }, rawBody: Buffer.from(body).toString("latin1") });
  expect(file.status).toBe(200);
  const vectorStore = await api("POST", "/vector_stores", { key: home.apiKey, json: { name: "authz", file_ids: [file.body.id] } });
  expect(vectorStore.status).toBe(200);
  const fileBatch = await api("POST", `/vector_stores/${vectorStore.body.id}/file_batches`, { key: home.apiKey, json: { file_ids: [file.body.id] } });
  expect(fileBatch.status).toBe(200);
  const test = await api("POST", `/assistants/${assistant.body.id}/tests`, { key: home.apiKey, json: { name: "authz", turns: [{ content: "[[first-delay: 3000]] hi" }] } });
  expect(test.status).toBe(200);
  const testRun = await api("POST", `/assistants/${assistant.body.id}/test_runs`, { key: home.apiKey, json: {} });
  expect(testRun.status).toBe(200);
  const plugin = await api("POST", "/plugins", { key: home.apiKey, json: pluginBody() });
  expect(plugin.status).toBe(200);
  const mcpServer = await api("POST", "/mcp_servers", { key: home.apiKey, json: mcpServerBody() });
  expect(mcpServer.status).toBe(200);
  return {
    ...(await approvalWait(mcpServer.body.id, mcpServer.body.server_label)),
    plugin: plugin.body.id,
    mcpServer: mcpServer.body.id,
    test: test.body.id,
    testRun: testRun.body.id,
    file: file.body.id,
    store: vectorStore.body.id,
    batch: fileBatch.body.id,
    assistant: assistant.body.id,
    thread: thread.body.id,
    message: messages.body.data[0].id,
    run: created.body.id,
    step: steps.body.data[0].id,
    call: current.body.required_action.submit_tool_outputs.tool_calls[0].id,
  };
}

/**
 * A run waiting for the approval of an MCP call (issue 24): the server's tool list is its cache,
 * seeded fresh (the server itself is never reached: its URL is one this app may not call), and
 * MCP servers ask for approval unless told otherwise.
 */
async function approvalWait(serverId: string, label: string): Promise<Pick<Ids, "approvalThread" | "approvalRun" | "approvalCall">> {
  const tools = [{ name: "approve_me", title: null, description: "Asks first.", inputSchema: { type: "object", properties: {} }, annotations: null }];
  await provision((lib) => lib.db.getDb().mcpServer.update({ where: { id: serverId }, data: { tools, toolsFetchedAt: new Date() } }));
  const assistant = await api("POST", "/assistants", { key: home.apiKey, json: { model: "scripted-1", tools: [{ type: "mcp", server_label: label }] } });
  expect(assistant.status).toBe(200);
  const thread = await api("POST", "/threads", { key: home.apiKey, json: { messages: [{ role: "user", content: "[[tool: approve_me {}]]" }] } });
  let current = await api("POST", `/threads/${thread.body.id}/runs`, { key: home.apiKey, json: { assistant_id: assistant.body.id } });
  for (let i = 0; i < 100 && current.body.status !== "requires_action"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = await api("GET", `/threads/${thread.body.id}/runs/${current.body.id}`, { key: home.apiKey });
  }
  expect(current.body.required_action?.type).toBe("submit_tool_approvals");
  return { approvalThread: thread.body.id, approvalRun: current.body.id, approvalCall: current.body.required_action.submit_tool_approvals.tool_calls[0].id };
}

beforeAll(async () => {
  ({ home, other, viewer, viewerKey, editorKey, editorMemberId } = await provision(async (lib) => {
    const home = await createTestWorkspace(lib, "authz-home");
    const other = await createTestWorkspace(lib, "authz-other");
    const viewer = await createUser(lib, "authz-viewer");
    const editor = await createUser(lib, "authz-editor");
    await addMember(lib, home.id, viewer, "viewer");
    const editorMemberId = await addMember(lib, home.id, editor, "editor");
    const asMember = (user: TestUser, role: "viewer" | "editor") => lib.caller.memberCaller(user, home.id, role, null);
    const viewerKey = (await lib.apiKeys.createApiKey(asMember(viewer, "viewer"), { name: "viewer key", role: "viewer" })).key;
    const editorKey = (await lib.apiKeys.createApiKey(asMember(editor, "editor"), { name: "editor key", role: "editor" })).key;
    return { home, other, viewer, viewerKey, editorKey, editorMemberId };
  }));
  ids = await freshIds();
  assistantId = ids.assistant;
});
afterAll(releaseDatabase);

describe.each(ROUTES)("$name", (route) => {
  const call = (key: string | null, headers: Record<string, string> = {}, target = ids) => {
    if (!route.form) return api(route.method, route.path(target), { key, headers, json: route.body?.(target) });
    const { body, contentType } = multipartBody(route.form());
    return api(route.method, route.path(target), { key, headers: { "content-type": contentType, ...headers }, rawBody: Buffer.from(body).toString("latin1") });
  };

  it("refuses a request without credentials (401, OpenAI's shape)", async () => {
    const response = await call(null);
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ type: "invalid_request_error", code: "missing_api_key" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each(["Basic dXNlcjpwYXNz", "Bearer", "Bearer two words", "sk-atl-no-scheme", "Bearer  "])("refuses a malformed Authorization header: %j", async (header) => {
    const response = await call(null, { authorization: header });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toMatch(/^(invalid_authorization_header|invalid_api_key)$/);
  });

  it("does not let another workspace's key see or touch this workspace's data", async () => {
    const response = await call(other.apiKey);
    if (route.collection) {
      if (route.method === "GET") {
        const listed = (response.body.data as { id: string }[]).map((item) => item.id);
        expect(listed).not.toContain(ids.assistant);
        expect(listed).not.toContain(ids.thread);
        expect(listed).not.toContain(ids.file);
        expect(listed).not.toContain(ids.store);
        expect(listed).not.toContain(ids.plugin);
        expect(listed).not.toContain(ids.mcpServer);
      } else expect(response.status).toBe(200); // creates in its own workspace, checked below
    } else {
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain(ids[route.names!]);
    }
    expect((await api("GET", `/assistants/${ids.assistant}`, { key: home.apiKey })).status).toBe(200);
    expect((await api("GET", `/threads/${ids.thread}/messages/${ids.message}`, { key: home.apiKey })).status).toBe(200);
  });

  it(route.write ? "refuses a viewer's key (403) and accepts an editor's" : "lets viewers and editors read", async () => {
    const asViewer = await call(viewerKey);
    expect(asViewer.status).toBe(route.write ? 403 : (route.permitted ?? 200));
    if (route.write) expect(asViewer.body.error).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
    const target = route.consumes ? await freshIds(route.idle) : ids;
    expect((await call(editorKey, {}, target)).status).toBe(route.permitted ?? 200);
  });
});

describe("keys follow their creator", () => {
  it("a demoted creator's key is capped at the new role at once, and a removed creator's key stops working", async () => {
    expect((await api("POST", `/assistants/${assistantId}`, { key: editorKey, json: { name: "by editor" } })).status).toBe(200);
    await provision((lib) => lib.db.getDb().member.update({ where: { id: editorMemberId }, data: { role: "viewer" } }));
    expect((await api("POST", `/assistants/${assistantId}`, { key: editorKey, json: { name: "demoted" } })).status).toBe(403);
    expect((await api("GET", `/assistants/${assistantId}`, { key: editorKey })).status).toBe(200);
    await provision((lib) => lib.db.getDb().member.delete({ where: { id: editorMemberId } }));
    const removed = await api("GET", `/assistants/${assistantId}`, { key: editorKey });
    expect(removed.status).toBe(401);
    expect(removed.body.error.code).toBe("invalid_api_key");
  });
});

describe("the console session on /api/v1", () => {
  it("reads and writes in the member's workspace from the same origin, and refuses cross-origin writes", async () => {
    const cookie = await signInCookie(viewer);
    const listed = await api("GET", "/assistants?limit=100", { headers: { cookie } });
    expect(listed.status).toBe(200);
    expect((listed.body.data as { id: string }[]).map((a) => a.id)).toContain(assistantId);
    // A viewer's session cannot write either.
    const write = await api("POST", "/assistants", { headers: { cookie, origin: inject("baseURL") }, json: { model: "m" } });
    expect(write.status).toBe(403);
    const crossOrigin = await api("POST", "/assistants", { headers: { cookie, origin: "https://evil.example" }, json: { model: "m" } });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.body.error.code).toBe("cross_origin_session");
    const noOrigin = await api("DELETE", `/assistants/${assistantId}`, { headers: { cookie } });
    expect(noOrigin.status).toBe(403);
    const forged = await api("GET", "/assistants", { headers: { cookie: "atelier.session_token=forged.value" } });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("invalid_session");
  });

  it("records API writes in the activity log under the key that made them", async () => {
    const id = await freshAssistant();
    const events = await provision((lib) => lib.db.getDb().auditEvent.findMany({ where: { workspaceId: home.id, targetId: id } }));
    expect(events).toEqual([expect.objectContaining({ action: "assistant.created", actorType: "api_key", actorLabel: "API key “authz-home key”" })]);
  });
});

describe("coverage", () => {
  it("covers every method of every /api/v1 route file", async () => {
    const { readFile } = await import("node:fs/promises");
    const { readdirSync } = await import("node:fs");
    const found: string[] = [];
    const files = readdirSync("app/api/v1", { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith("route.ts"));
    for (const file of files.map((relative) => `app/api/v1/${relative}`)) {
      if (file.includes("[[...")) continue; // the catch-all answers unknown paths with 404 before auth
      const path = file.replace(/^app\/api\/v1/, "").replace(/\/route\.ts$/, "").replace(/\[[a-z_]+\]/g, "{id}");
      for (const [, method] of (await readFile(file, "utf8")).matchAll(/export const (GET|POST|DELETE) = apiRoute/g)) found.push(`${method} ${path}`);
    }
    expect(found.sort()).toEqual(ROUTES.map((route) => route.name).sort());
  });
});
