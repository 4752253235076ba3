import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, type ApiResponse, type Json } from "./support/http";
import { plant, secretValue } from "./support/planted";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { maskSecret } from "@/lib/assistants/secrets";
import { open } from "@/lib/security/secret-box";

// The MCP server registry (issue 24, step 2) on the shared API server: /api/v1/mcp_servers create,
// list, retrieve, update, delete. Every bad input is a 400/404/409 naming its parameter with
// nothing written; URLs the outbound rules refuse are refused when saved (this server allows no
// private host); secrets are sealed and only masked. Listing a server's live tools against a real
// MCP server is in mcp-servers-tools.test.ts (a server of its own, which may call 127.0.0.1).

const planted = (name: string, label: string) => {
  const value = secretValue(label);
  return plant({ name, value, evidence: [maskSecret(value)] });
};
const TOKEN = planted("an MCP server's bearer token", "mcp-token");
const HEADER_VALUE = planted("an MCP server's header value", "mcp-header");
const REPLACED = planted("an MCP server's replaced token", "mcp-replaced");

let ws: TestWorkspace;
let other: TestWorkspace;
const ids = { calc: "", docs: "", search: "", theirs: "" };

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "mcp"), other: await createTestWorkspace(lib, "mcp-other") })));
});
afterAll(releaseDatabase);

const create = (json: unknown, key = ws.apiKey) => api("POST", "/mcp_servers", { key, json });
const storedRow = (id: string) => provision((lib) => lib.db.getDb().mcpServer.findUnique({ where: { id } })) as Promise<Json>;
const storedSecrets = async (id: string) => {
  const row = await storedRow(id);
  return row.secretsCiphertext ? JSON.parse(open(row.secretsCiphertext, inject("secret"), `mcp:${ws.id}:${id}`)) : null;
};
const auditCount = (workspaceId: string) => provision((lib) => lib.db.getDb().auditEvent.count({ where: { workspaceId, targetType: "mcp_server" } }));
const labels = async (key = ws.apiKey) => ((await api("GET", "/mcp_servers?limit=100", { key })).body.data as Json[]).map((server) => server.server_label);

function expectNoSecret(response: ApiResponse): void {
  for (const secret of [TOKEN, HEADER_VALUE, REPLACED]) expect(response.text).not.toContain(secret);
}

describe("creating MCP servers", () => {
  it("with a token, headers, allowed tools and a per-tool approval policy: secrets sealed together and masked", async () => {
    const created = await create({
      server_label: "calc",
      server_url: "https://mcp.example.com/mcp",
      description: "Arithmetic",
      authorization: TOKEN,
      headers: { "X-Team": HEADER_VALUE },
      allowed_tools: ["add", "sub"],
      require_approval: { never: { tool_names: ["add"] } },
    });
    expect(created.status).toBe(200);
    expectNoSecret(created);
    expect(created.body).toMatchObject({
      object: "mcp_server",
      server_label: "calc",
      server_url: "https://mcp.example.com/mcp",
      description: "Arithmetic",
      authorization: maskSecret(TOKEN),
      headers: { "X-Team": maskSecret(HEADER_VALUE) },
      allowed_tools: ["add", "sub"],
      require_approval: { never: { tool_names: ["add"] } },
    });
    expect(created.body.id).toMatch(/^mcp_[0-9A-Za-z]{24}$/);
    expect(created.body.created_at).toBe(created.body.updated_at);
    ids.calc = created.body.id;

    const row = await storedRow(ids.calc);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(JSON.stringify(row)).not.toContain(HEADER_VALUE);
    expect(await storedSecrets(ids.calc)).toEqual({ authorization: TOKEN, headers: { "X-Team": HEADER_VALUE } });
    expect(() => open(row.secretsCiphertext, inject("secret"), `mcp:${other.id}:${ids.calc}`)).toThrow();
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: ids.calc, action: "mcp_server.created" } }));
    expect(audit?.details).toEqual({ server_url: "https://mcp.example.com/mcp", secrets: "set" });
  });

  it("with the defaults: no secrets, every tool, approval always (as OpenAI's)", async () => {
    const created = await create({ server_label: "docs", server_url: "https://docs.example.com/mcp?tenant=7" });
    expect(created.body).toMatchObject({ description: "", authorization: null, headers: null, allowed_tools: null, require_approval: "always" });
    ids.docs = created.body.id;
    expect((await storedRow(ids.docs)).secretsCiphertext).toBeNull();
  });

  it("drops a 'Bearer ' pasted with the token, and allows the same label in another workspace", async () => {
    const created = await create({ server_label: "search", server_url: "https://search.example.com/mcp", authorization: `Bearer ${REPLACED}` });
    expect(created.body.authorization).toBe(maskSecret(REPLACED));
    ids.search = created.body.id;
    expect((await storedSecrets(ids.search)).authorization).toBe(REPLACED);
    const theirs = await create({ server_label: "calc", server_url: "https://mcp.example.com/mcp" }, other.apiKey);
    expect(theirs.status).toBe(200);
    ids.theirs = theirs.body.id;
  });
});

describe("reading MCP servers", () => {
  it("retrieves one, and not another workspace's", async () => {
    const got = await api("GET", `/mcp_servers/${ids.calc}`, { key: ws.apiKey });
    expect(got.body).toMatchObject({ id: ids.calc, server_label: "calc", authorization: maskSecret(TOKEN) });
    expectNoSecret(got);
    const theirs = await api("GET", `/mcp_servers/${ids.calc}`, { key: other.apiKey });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toContain(ids.calc);
    expect((await api("GET", "/mcp_servers/calc", { key: ws.apiKey })).status).toBe(404);
    expect((await api("GET", `/mcp_servers/${ids.theirs}`, { key: ws.apiKey })).status).toBe(404);
  });

  it("lists newest first in pages, both orders, with after and before", async () => {
    const all = await api("GET", "/mcp_servers", { key: ws.apiKey });
    expectNoSecret(all);
    expect(all.body.data.map((server: Json) => server.id)).toEqual([ids.search, ids.docs, ids.calc]);
    const first = await api("GET", "/mcp_servers?limit=2", { key: ws.apiKey });
    expect(first.body).toMatchObject({ object: "list", first_id: ids.search, last_id: ids.docs, has_more: true });
    const next = await api("GET", `/mcp_servers?limit=2&after=${ids.docs}`, { key: ws.apiKey });
    expect(next.body).toMatchObject({ first_id: ids.calc, last_id: ids.calc, has_more: false });
    const back = await api("GET", `/mcp_servers?before=${ids.calc}`, { key: ws.apiKey });
    expect(back.body.data.map((server: Json) => server.id)).toEqual([ids.search, ids.docs]);
    const asc = await api("GET", "/mcp_servers?order=asc&limit=2", { key: ws.apiKey });
    expect(asc.body).toMatchObject({ first_id: ids.calc, last_id: ids.docs, has_more: true });
    expect(await labels(other.apiKey)).toEqual(["calc"]);
  });

  it.each([
    ["after=nope", "after"],
    ["after=asst_abc", "after"],
    ["limit=101", "limit"],
    ["order=up", "order"],
  ])("GET /mcp_servers?%s → 400 naming %s", async (query, param) => {
    const response = await api("GET", `/mcp_servers?${query}`, { key: ws.apiKey });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe(param);
  });

  it("a server the outbound rules refuse after DNS answers the tools listing with a 502 saying why", async () => {
    const created = await create({ server_label: "loopback", server_url: "https://localhost/mcp", authorization: TOKEN });
    expect(created.status).toBe(200); // names are judged when they resolve, not when saved
    const tools = await api("GET", `/mcp_servers/${created.body.id}/tools`, { key: ws.apiKey });
    expect(tools.status).toBe(502);
    expectNoSecret(tools);
    expect(tools.body.error).toMatchObject({ type: "server_error", code: "mcp_server_unreachable", param: null });
    expect(tools.body.error.message, tools.body.error.message).toMatch(/^MCP server .loopback. could not be reached: Refused by the outbound rules: localhost resolves to .* not a public address/);
    expect((await storedRow(created.body.id)).toolsFetchedAt).toBeNull();
    expect((await api("DELETE", `/mcp_servers/${created.body.id}`, { key: ws.apiKey })).status).toBe(200);
  });
});

describe("updating MCP servers", () => {
  it("changes the description alone, keeping the sealed secrets as they were", async () => {
    const before = await storedRow(ids.calc);
    const updated = await api("POST", `/mcp_servers/${ids.calc}`, { key: ws.apiKey, json: { description: "Sums" } });
    expect(updated.body).toMatchObject({ description: "Sums", authorization: maskSecret(TOKEN), headers: { "X-Team": maskSecret(HEADER_VALUE) }, allowed_tools: ["add", "sub"] });
    expect((await storedRow(ids.calc)).secretsCiphertext).toBe(before.secretsCiphertext);
  });

  it("keeps secrets whose masks are sent back, replaces the token, and drops a header left out", async () => {
    const kept = await api("POST", `/mcp_servers/${ids.calc}`, { key: ws.apiKey, json: { authorization: maskSecret(TOKEN), headers: { "x-team": maskSecret(HEADER_VALUE), "X-Region": "eu" } } });
    expect(kept.body.headers).toEqual({ "x-team": maskSecret(HEADER_VALUE), "X-Region": maskSecret("eu") });
    expect(await storedSecrets(ids.calc)).toEqual({ authorization: TOKEN, headers: { "x-team": HEADER_VALUE, "X-Region": "eu" } });
    const replaced = await api("POST", `/mcp_servers/${ids.calc}`, { key: ws.apiKey, json: { authorization: REPLACED, headers: { "x-team": maskSecret(HEADER_VALUE) } } });
    expectNoSecret(replaced);
    expect(replaced.body).toMatchObject({ authorization: maskSecret(REPLACED), headers: { "x-team": maskSecret(HEADER_VALUE) } });
    expect(await storedSecrets(ids.calc)).toEqual({ authorization: REPLACED, headers: { "x-team": HEADER_VALUE } });
  });

  it("removes secrets with null, and changes the label, URL, tools and policy (a new URL drops the cached tools)", async () => {
    await provision((lib) => lib.db.getDb().mcpServer.update({ where: { id: ids.calc }, data: { tools: [{ name: "add" }], toolsFetchedAt: new Date() } }));
    const noHeaders = await api("POST", `/mcp_servers/${ids.calc}`, { key: ws.apiKey, json: { headers: null } });
    expect(noHeaders.body).toMatchObject({ authorization: maskSecret(REPLACED), headers: null });
    const updated = await api("POST", `/mcp_servers/${ids.calc}`, {
      key: ws.apiKey,
      json: { authorization: null, server_label: "math", server_url: "https://math.example.com/mcp", allowed_tools: null, require_approval: "never" },
    });
    expect(updated.body).toMatchObject({ server_label: "math", server_url: "https://math.example.com/mcp", authorization: null, headers: null, allowed_tools: null, require_approval: "never" });
    expect(await storedRow(ids.calc)).toMatchObject({ secretsCiphertext: null, secretHints: null, tools: null, toolsFetchedAt: null });
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: ids.calc, action: "mcp_server.updated" }, orderBy: { createdAt: "desc" } }));
    expect(audit?.details).toEqual({ fields: ["server_label", "server_url", "allowed_tools", "require_approval", "secrets"], secrets: "removed" });
  });
});

describe("bad input writes nothing", () => {
  const VALID = { server_label: "fresh", server_url: "https://fresh.example.com/mcp" };
  const manyHeaders = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`X-H${i}`, "v"]));

  it.each([
    ["a label with a space", { ...VALID, server_label: "my server" }, 400, "server_label"],
    ["a label over 64 characters", { ...VALID, server_label: "a".repeat(65) }, 400, "server_label"],
    ["no label", { server_url: VALID.server_url }, 400, "server_label"],
    ["a taken label", { ...VALID, server_label: "docs" }, 409, "server_label"],
    ["no URL", { server_label: "fresh" }, 400, "server_url"],
    ["the metadata address", { ...VALID, server_url: "http://169.254.169.254/" }, 400, "server_url"],
    ["the metadata address over https", { ...VALID, server_url: "https://169.254.169.254/mcp" }, 400, "server_url"],
    ["a loopback database port", { ...VALID, server_url: "http://127.0.0.1:5432" }, 400, "server_url"],
    ["a private address", { ...VALID, server_url: "https://10.0.0.7/mcp" }, 400, "server_url"],
    ["IPv6 loopback", { ...VALID, server_url: "https://[::1]/mcp" }, 400, "server_url"],
    ["plain http to a public host", { ...VALID, server_url: "http://mcp.example.com/mcp" }, 400, "server_url"],
    ["another scheme", { ...VALID, server_url: "file:///etc/passwd" }, 400, "server_url"],
    ["credentials in the URL", { ...VALID, server_url: "https://user:pass@mcp.example.com/mcp" }, 400, "server_url"],
    ["a fragment", { ...VALID, server_url: "https://mcp.example.com/mcp#x" }, 400, "server_url"],
    ["not a URL", { ...VALID, server_url: "mcp.example.com" }, 400, "server_url"],
    ["an empty token", { ...VALID, authorization: "" }, 400, "authorization"],
    ["a token with a line break", { ...VALID, authorization: "abc\r\nX-Injected: 1" }, 400, "authorization"],
    ["a masked token with nothing stored", { ...VALID, authorization: "****abcd" }, 400, "authorization"],
    ["an Authorization header", { ...VALID, headers: { Authorization: "Bearer x" } }, 400, "headers.Authorization"],
    ["a Cookie header", { ...VALID, headers: { Cookie: "a=b" } }, 400, "headers.Cookie"],
    ["an MCP transport header", { ...VALID, headers: { "Mcp-Session-Id": "s" } }, 400, "headers.Mcp-Session-Id"],
    ["a header name with a space", { ...VALID, headers: { "X Team": "v" } }, 400, "headers.X Team"],
    ["a header twice in two cases", { ...VALID, headers: { "X-Team": "a", "x-team": "b" } }, 400, "headers.x-team"],
    ["a masked header with nothing stored", { ...VALID, headers: { "X-Team": "****" } }, 400, "headers.X-Team"],
    ["17 headers", { ...VALID, headers: manyHeaders }, 400, "headers"],
    ["headers as a list", { ...VALID, headers: ["X-Team: v"] }, 400, "headers"],
    ["allowed tools as a string", { ...VALID, allowed_tools: "add" }, 400, "allowed_tools"],
    ["an allowed tool twice", { ...VALID, allowed_tools: ["add", "add"] }, 400, "allowed_tools[1]"],
    ["an unknown approval", { ...VALID, require_approval: "sometimes" }, 400, "require_approval"],
    ["a tool both always and never", { ...VALID, require_approval: { always: { tool_names: ["add"] }, never: { tool_names: ["add"] } } }, 400, "require_approval.never.tool_names[0]"],
    ["an unknown field", { ...VALID, server_description: "x" }, 400, "server_description"],
    ["a NUL in the description", { ...VALID, description: "a\u0000b" }, 400, "description"],
  ])("create with %s", async (_case, body, status, param) => {
    const [before, audits] = [await labels(), await auditCount(ws.id)];
    const response = await create(body);
    expect(response.status).toBe(status);
    expect(response.body.error.param).toBe(param);
    expect(await labels()).toEqual(before);
    expect(await auditCount(ws.id)).toBe(audits);
  });

  it.each([
    ["a refused URL", { server_url: "http://localhost:8080/mcp" }, 400, "server_url"],
    ["the metadata address", { server_url: "http://169.254.169.254/latest" }, 400, "server_url"],
    ["an empty label", { server_label: "" }, 400, "server_label"],
    ["a taken label", { server_label: "search" }, 409, "server_label"],
    ["a masked header it does not have", { headers: { "X-Other": "****abcd" } }, 400, "headers.X-Other"],
    ["an unknown field", { id: "mcp_x" }, 400, "id"],
  ])("update with %s", async (_case, body, status, param) => {
    const [before, audits] = [await storedRow(ids.docs), await auditCount(ws.id)];
    const response = await api("POST", `/mcp_servers/${ids.docs}`, { key: ws.apiKey, json: body });
    expect(response.status).toBe(status);
    expect(response.body.error.param).toBe(param);
    expect(await storedRow(ids.docs)).toEqual(before);
    expect(await auditCount(ws.id)).toBe(audits);
  });

  it("an update, delete or tools listing of a server that is not there is a 404 naming it", async () => {
    const ghost = ids.theirs; // another workspace's: not there for this one
    for (const [method, path, json] of [["POST", "", { description: "x" }], ["DELETE", "", undefined], ["GET", "/tools", undefined]] as const) {
      const response = await api(method, `/mcp_servers/${ghost}${path}`, { key: ws.apiKey, json });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain(ghost);
    }
    expect((await storedRow(ghost)).description).toBe("");
  });
});

describe("deleting MCP servers", () => {
  it("deletes one, which is then gone; the other workspace's of the same label stays", async () => {
    const deleted = await api("DELETE", `/mcp_servers/${ids.calc}`, { key: ws.apiKey });
    expect(deleted.body).toEqual({ id: ids.calc, object: "mcp_server.deleted", deleted: true });
    expect((await api("GET", `/mcp_servers/${ids.calc}`, { key: ws.apiKey })).status).toBe(404);
    expect((await api("DELETE", `/mcp_servers/${ids.calc}`, { key: ws.apiKey })).status).toBe(404);
    expect(await labels()).toEqual(["search", "docs"]);
    expect(await labels(other.apiKey)).toEqual(["calc"]);
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: ids.calc, action: "mcp_server.deleted" } }));
    expect(audit?.targetLabel).toBe("math");
  });
});
