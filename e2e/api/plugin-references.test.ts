import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Json } from "./support/http";
import { registerPlugin } from "./support/plugins";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Plugin tools name registered plugins (issue 24): an assistant, a run's or a create-and-run's
// tools override naming a plugin the workspace has not registered is a 400 on `tools[i].type` (with
// the nearest name), a user-auth plugin without the assistant's token is a 400 on `tools[i].auth`,
// and nothing is written; another workspace's plugins do not count; a tool the assistant already
// had passes as it was, so an assistant whose plugin was deleted can still be edited.

let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "plugin-refs"), other: await createTestWorkspace(lib, "plugin-refs-other") })));
  await registerPlugin(ws.apiKey, "weather");
  await registerPlugin(ws.apiKey, "open_data", { type: "none" });
  await registerPlugin(other.apiKey, "theirs");
  const server = await api("POST", "/mcp_servers", { key: ws.apiKey, json: { server_label: "calc", server_url: "https://mcp.example.com/mcp" } });
  if (server.status !== 200) throw new Error(`registering an MCP server: ${server.status} ${server.text}`);
});

afterAll(releaseDatabase);

const call = (method: string, path: string, json?: unknown, key = ws.apiKey) => api(method, path, { key, json });
const token = { type: "user_http", user_token: "user-token-0123456789" };
const assistantCount = async () => (await call("GET", "/assistants?limit=100")).body.data.length as number;

function expectRefused(response: { status: number; body: Json }, param: string, message: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({ type: "invalid_request_error", param });
  expect(response.body.error.message).toMatch(message);
}

describe("plugin tools name registered plugins", () => {
  it("refuses an unknown plugin type, with the nearest registered name, and writes nothing", async () => {
    const before = await assistantCount();
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "no_such_tool" }] }), "tools[0].type", /Unknown tool type 'no_such_tool'.*Registered plugins: .*weather/);
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "function", function: { name: "f" } }, { type: "wether", auth: token }] }), "tools[1].type", /Did you mean 'weather'\?/);
    // Another workspace's plugin is not this one's.
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "theirs", auth: token }] }), "tools[0].type", /Unknown tool type 'theirs'/);
    expect(await assistantCount()).toBe(before);
  });

  it("asks for the assistant's token when the plugin acts with each user's, and takes a registered plugin", async () => {
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "weather" }] }), "tools[0].auth", /user_token/);
    const created = await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "weather", auth: token }, { type: "open_data" }] });
    expect(created.status).toBe(200);
    expect(created.body.tools.map((tool: { type: string }) => tool.type)).toEqual(["weather", "open_data"]);
  });

  it("refuses an unknown plugin in an update, leaving the assistant as it was", async () => {
    const created = await call("POST", "/assistants", { model: "scripted-1", name: "Keeps", tools: [{ type: "weather", auth: token }] });
    const refused = await call("POST", `/assistants/${created.body.id}`, { name: "Changed", tools: [{ type: "weathr", auth: token }] });
    expectRefused(refused, "tools[0].type", /Did you mean 'weather'\?/);
    const now = await call("GET", `/assistants/${created.body.id}`);
    expect(now.body).toMatchObject({ name: "Keeps", tools: [{ type: "weather" }] });
  });

  it("lets an assistant whose plugin was deleted be edited, its tool as it was", async () => {
    await registerPlugin(ws.apiKey, "short_lived");
    const created = await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "short_lived", auth: token }] });
    expect(created.status).toBe(200);
    expect((await call("DELETE", "/plugins/short_lived")).status).toBe(200);
    // Its tools sent back as read (the token masked) with a new name.
    const updated = await call("POST", `/assistants/${created.body.id}`, { name: "Still editable", tools: created.body.tools });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Still editable", tools: [{ type: "short_lived" }] });
    // But it cannot be added anew elsewhere.
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "short_lived", auth: token }] }), "tools[0].type", /Unknown tool type 'short_lived'/);
  });

  it("refuses an unknown plugin in a run's or a create-and-run's tools override, starting nothing", async () => {
    const assistant = await call("POST", "/assistants", { model: "scripted-1" });
    const thread = await call("POST", "/threads", { messages: [{ role: "user", content: "[[reply: hi]]" }] });
    expectRefused(await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id, tools: [{ type: "nope_plugin" }] }), "tools[0].type", /Unknown tool type 'nope_plugin'/);
    expect((await call("GET", `/threads/${thread.body.id}/runs`)).body.data).toEqual([]);
    const threadsBefore = await provision((lib) => lib.db.getDb().thread.count({ where: { workspaceId: ws.id } }));
    expectRefused(await call("POST", "/threads/runs", { assistant_id: assistant.body.id, tools: [{ type: "function", function: { name: "f" } }, { type: "nope_plugin" }], thread: { messages: [{ role: "user", content: "hi" }] } }), "tools[1].type", /Unknown tool type/);
    expect(await provision((lib) => lib.db.getDb().thread.count({ where: { workspaceId: ws.id } }))).toBe(threadsBefore);
    // A registered one runs (its operations are offered; the model here calls none of them).
    const run = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id, tools: [{ type: "open_data" }] });
    expect(run.status).toBe(200);
  });
});

describe("mcp tools name registered servers", () => {
  it("refuses an unregistered label (with the nearest), an inline URL the outbound rules refuse, and writes nothing", async () => {
    const before = await assistantCount();
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "calk" }] }), "tools[0].server_label", /Unknown MCP server 'calk'.*Did you mean 'calc'\?/);
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "calc" }] }, other.apiKey), "tools[0].server_label", /no MCP servers yet/);
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "meta", server_url: "http://169.254.169.254/latest" }] }), "tools[0].server_url", /https|public address/);
    expectRefused(await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "calc", headers: { "x-api-key": "k" } }] }), "tools[0].headers", /registry/);
    expect(await assistantCount()).toBe(before);
  });

  it("takes a registered label and a public inline URL, and refuses an unknown label in a run's override", async () => {
    const created = await call("POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "calc", allowed_tools: ["add"] }, { type: "mcp", server_label: "docs", server_url: "https://mcp.example.org/mcp" }] });
    expect(created.status).toBe(200);
    expect(created.body.tools).toEqual([{ type: "mcp", server_label: "calc", allowed_tools: ["add"] }, { type: "mcp", server_label: "docs", server_url: "https://mcp.example.org/mcp" }]);
    const thread = await call("POST", "/threads", {});
    expectRefused(await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: created.body.id, tools: [{ type: "mcp", server_label: "nope" }] }), "tools[0].server_label", /Unknown MCP server 'nope'/);
    expect((await call("GET", `/threads/${thread.body.id}/runs`)).body.data).toEqual([]);
  });
});

