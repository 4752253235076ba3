import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action, addMember, callAction, createUser, listActions, signInCookie, type TestUser } from "./support/console";
import { api } from "./support/http";
import { multipartBody } from "./support/multipart";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { EMPTY_FORM } from "@/lib/assistants/form";

// Every server action the console ships, called over HTTP as the browser calls it: signed out, a
// viewer, and an owner reaching for another workspace's objects. Each case lists what the action
// must answer; a new action without a row here fails the coverage test.

let home: TestWorkspace;
let away: TestWorkspace;
let owner: TestUser;
let viewer: TestUser;
let ownerCookie: string;
let viewerCookie: string;
/** Objects of the other workspace, which home's owner must not reach. */
let awayIds: { memberId: string; invitationId: string; keyId: string };
let homeIds: { viewerMemberId: string; keyId: string; invitationId: string; assistantId: string };
let awayAssistantId: string;
let providerIds: { home: string; away: string };
let threadIds: { home: string; away: string };
let fileIds: { home: string; away: string };
/** A run on each workspace's thread; home's made one file_search call. */
let runIds: { home: string; away: string };
let storeIds: { home: string; away: string; homeThread: string };
let endpointIds: { home: string; away: string };
let deliveryIds: { home: string; away: string };
let pluginIds: { home: string; away: string };
let mcpServerIds: { home: string; away: string };

beforeAll(async () => {
  const made = await provision(async (lib) => {
    const home = await createTestWorkspace(lib, "actions-home");
    const away = await createTestWorkspace(lib, "actions-away");
    const owner = await createUser(lib, "actions-owner");
    const viewer = await createUser(lib, "actions-viewer");
    const outsider = await createUser(lib, "actions-outsider");
    await addMember(lib, home.id, owner, "owner");
    const viewerMemberId = await addMember(lib, home.id, viewer, "viewer");
    await addMember(lib, away.id, outsider, "owner");
    const awayMemberId = await addMember(lib, away.id, (await createUser(lib, "actions-away-member")), "editor");
    const db = lib.db.getDb();
    const invitation = (workspaceId: string, inviterId: string) =>
      db.invitation.create({
        data: { id: `inv_${Math.random().toString(36).slice(2)}`, workspaceId, email: `invitee-${Math.random()}@example.test`, role: "editor", inviterId, expiresAt: new Date(Date.now() + 86_400_000) },
      });
    const homeAssistant = await lib.assistants.createAssistant(home.caller, { model: "gpt-4o-mini", name: "home" });
    const awayAssistant = await lib.assistants.createAssistant(away.caller, { model: "gpt-4o-mini", name: "away" });
    const providers = await import("@/lib/providers/service");
    const provider = (ws: TestWorkspace) => providers.createProvider(ws.caller, { ...PROVIDER, name: "authz" });
    const [homeProvider, awayProvider] = [await provider(home), await provider(away)];
    const threads = await import("@/lib/threads/service");
    const [homeThread, awayThread] = [await threads.createThread(home.caller, {}), await threads.createThread(away.caller, {})];
    return {
      threadIds: { home: homeThread.id, away: awayThread.id },
      providerIds: { home: homeProvider.id, away: awayProvider.id },
      awayAssistantId: awayAssistant.id,
      home,
      away,
      owner,
      viewer,
      awayIds: { memberId: awayMemberId, invitationId: (await invitation(away.id, outsider.id)).id, keyId: away.keyId },
      homeIds: { viewerMemberId, keyId: home.keyId, invitationId: (await invitation(home.id, owner.id)).id, assistantId: homeAssistant.id },
    };
  });
  ({ home, away, owner, viewer, awayIds, homeIds, awayAssistantId, providerIds, threadIds } = made);
  ownerCookie = await signInCookie(owner);
  viewerCookie = await signInCookie(viewer);
  const upload = async (ws: TestWorkspace) => {
    const { body, contentType } = multipartBody([{ name: "purpose", value: "assistants" }, { name: "file", filename: "authz.txt", data: "authz", type: "text/plain" }]);
    const file = await api("POST", "/files", { key: ws.apiKey, headers: { "content-type": contentType }, rawBody: Buffer.from(body).toString("latin1") });
    expect(file.status).toBe(200);
    return file.body.id as string;
  };
  fileIds = { home: await upload(home), away: await upload(away) };
  // A plugin and an MCP server in each workspace, made through the API as any client would.
  const register = async (ws: TestWorkspace, path: string, json: Record<string, unknown>) => {
    const made = await api("POST", path, { key: ws.apiKey, json });
    expect(made.status).toBe(200);
    return made.body.id as string;
  };
  pluginIds = { home: await register(home, "/plugins", pluginBody()), away: await register(away, "/plugins", pluginBody()) };
  mcpServerIds = { home: await register(home, "/mcp_servers", mcpServerBody()), away: await register(away, "/mcp_servers", mcpServerBody()) };
  ({ runIds, storeIds } = await provision(async (lib) => {
    const { ID_PREFIXES, newId } = await import("@/lib/ids");
    const stores = await import("@/lib/vector-stores/service");
    const db = lib.db.getDb();
    // Run rows as the engine leaves them, home's with a file_search step as the engine records it.
    const run = async (ws: TestWorkspace, threadId: string, assistantId: string) => {
      const id = newId(ID_PREFIXES.run, new Date());
      await db.run.create({ data: { id, workspaceId: ws.id, threadId, assistantId, status: "completed", model: "m", truncationStrategy: { type: "auto" }, toolChoice: "auto", responseFormat: "auto", createdAt: new Date() } });
      return id;
    };
    const homeRun = await run(home, threadIds.home, homeIds.assistantId);
    const call = {
      id: "call_authz",
      type: "file_search",
      file_search: { ranking_options: { ranker: "default_2024_08_21", score_threshold: 0 }, results: [{ file_id: fileIds.home, file_name: "authz.txt", score: 0.75, content: [{ type: "text", text: "authz" }] }] },
      _model: { index: 0, arguments: '{"query":"who may"}', output: "…" },
    };
    await db.runStep.create({
      data: { id: newId(ID_PREFIXES.step, new Date()), workspaceId: home.id, runId: homeRun, threadId: threadIds.home, assistantId: homeIds.assistantId, type: "tool_calls", status: "completed", stepDetails: { type: "tool_calls", tool_calls: [call] }, createdAt: new Date() },
    });
    const awayRun = await run(away, threadIds.away, awayAssistantId);
    // An endpoint and a delivery (to it, of the run) in each workspace.
    const endpoints = await import("@/lib/webhooks/endpoints");
    const webhooks = await import("@/lib/webhooks/service");
    const hook = async (ws: TestWorkspace, runId: string) => {
      const endpoint = await endpoints.createEndpoint(ws.caller, { url: `https://hooks.example.com/${ws.id}`, description: "", events: ["run.completed"] });
      const event = { id: `evt_authz_${ws.id}`, type: "run.completed" as const, created_at: 0, data: { id: runId } };
      const [delivery] = await webhooks.createDeliveries(ws.id, event, [{ url: endpoint.url, endpointId: endpoint.id }], runId, new Date());
      return { endpoint: endpoint.id, delivery: delivery!.id };
    };
    const [homeHook, awayHook] = [await hook(home, homeRun), await hook(away, awayRun)];
    // A price only the other workspace has: home's owner removing it finds nothing.
    await lib.db.getDb().modelPrice.create({ data: { workspaceId: away.id, model: "authz-away-priced", inputPerMillion: 1, outputPerMillion: 1 } });
    endpointIds = { home: homeHook.endpoint, away: awayHook.endpoint };
    deliveryIds = { home: homeHook.delivery, away: awayHook.delivery };
    return {
      runIds: { home: homeRun, away: awayRun },
      storeIds: {
        home: (await stores.createStore(home.caller, { name: "authz store" })).id,
        away: (await stores.createStore(away.caller, { name: "authz store" })).id,
        homeThread: await stores.createStoreForThread(home.id, threadIds.home, []),
      },
    };
  }));
});
afterAll(releaseDatabase);

type Case = {
  /** Input that would succeed for a caller allowed to act. */
  input: () => unknown;
  /** Needs a session (every action but the public ones). */
  signedIn: boolean;
  /** A viewer is refused (owner- or editor-only). */
  viewerRefused: boolean;
  /** Input naming another workspace's object; home's owner must get not_found. */
  otherWorkspace?: () => unknown;
};

const FORM = { ...EMPTY_FORM, model: "gpt-4o-mini", name: "via form" };
// Nothing listens there: no test here needs the provider to answer.
const PROVIDER = { name: "authz-new", kind: "openai-compatible" as const, baseUrl: "http://127.0.0.1:9/v1", apiKey: "", removeKey: false };

const ENDPOINT = { url: "https://hooks.example.com/authz", description: "", events: ["run.completed"] };

/** Plugin ids and MCP server labels are unique per workspace: each call names a fresh one. */
const fresh = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const PLUGIN_DOCUMENT = { openapi: "3.1.0", info: { title: "authz", version: "1" }, servers: [{ url: "https://plugins.example/v1" }], paths: { "/ping": { get: { operationId: "ping", responses: { "204": { description: "ok" } } } } } };
const pluginBody = () => ({ id: fresh("authz"), name: "authz", openapi: PLUGIN_DOCUMENT });
// Nothing listens there: testMcpServer's success (a 502 for home's) is not what these cases check.
const mcpServerBody = () => ({ server_label: fresh("authz"), server_url: "https://localhost/mcp" });

const CASES: Record<string, Case> = {
  createAssistantFromForm: { input: () => ({ values: FORM }), signedIn: true, viewerRefused: true },
  saveAssistant: {
    input: () => ({ id: homeIds.assistantId, version: 1, values: FORM }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: awayAssistantId, version: 1, overwrite: true, values: FORM }),
  },
  searchAssistantList: { input: () => ({ q: "home" }), signedIn: true, viewerRefused: false },
  checkSample: { input: () => ({ schema: { type: "object" }, sample: {} }), signedIn: true, viewerRefused: false },
  loadAssistant: { input: () => ({ id: homeIds.assistantId }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ id: awayAssistantId }) },
  removeAssistant: { input: () => ({ id: homeIds.assistantId }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId }) },
  copyAssistant: { input: () => ({ id: homeIds.assistantId }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId }) },
  addProvider: { input: () => PROVIDER, signedIn: true, viewerRefused: true },
  editProvider: {
    input: () => ({ ...PROVIDER, id: providerIds.home, name: "authz" }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ ...PROVIDER, id: providerIds.away, name: "authz" }),
  },
  removeProvider: { input: () => ({ id: providerIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: providerIds.away }) },
  testProvider: { input: () => ({ id: providerIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: providerIds.away }) },
  saveModelPrice: { input: () => ({ model: "authz-priced", inputPerMillion: "1", outputPerMillion: "2", currency: "USD" }), signedIn: true, viewerRefused: true },
  removeModelPrice: { input: () => ({ model: "authz-priced" }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ model: "authz-away-priced" }) },
  createCompareThreads: { input: () => ({ assistantId: homeIds.assistantId, titles: ["Compare · v1"] }), signedIn: true, viewerRefused: true },
  saveVariantAsVersion: { input: () => ({ id: homeIds.assistantId, from: { version: 1 } }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId, from: { version: 1 } }) },
  // The Tests tab (issue 22).
  saveTest: { input: () => ({ assistantId: homeIds.assistantId, test: { name: "t", turns: [{ content: "hi" }] } }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, test: { name: "t", turns: [{ content: "hi" }] } }) },
  removeTest: { input: () => ({ assistantId: homeIds.assistantId, id: "test_0Vd5LDlNG14t0000000000" }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, id: "test_0Vd5LDlNG14t0000000000" }) },
  importTests: { input: () => ({ assistantId: homeIds.assistantId, tests: [{ name: "t", turns: [{ content: "hi" }] }] }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, tests: [{ name: "t", turns: [{ content: "hi" }] }] }) },
  saveThreadAsTest: { input: () => ({ assistantId: homeIds.assistantId, threadId: threadIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: homeIds.assistantId, threadId: threadIds.away }) },
  startTestRun: { input: () => ({ assistantId: homeIds.assistantId, request: {} }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, request: {} }) },
  stopTestRun: { input: () => ({ assistantId: homeIds.assistantId, id: "testrun_0Vd5LDlNG14t000000000" }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, id: "testrun_0Vd5LDlNG14t000000000" }) },
  setTestsOnSave: { input: () => ({ assistantId: homeIds.assistantId, enabled: false }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ assistantId: awayAssistantId, enabled: false }) },
  loadTestRuns: { input: () => ({ assistantId: homeIds.assistantId }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ assistantId: awayAssistantId }) },
  loadTestRun: { input: () => ({ assistantId: homeIds.assistantId, id: "testrun_0Vd5LDlNG14t000000000" }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ assistantId: awayAssistantId, id: "testrun_0Vd5LDlNG14t000000000" }) },
  loadAssistantVersion: { input: () => ({ id: homeIds.assistantId, version: 1 }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ id: awayAssistantId, version: 1 }) },
  restoreAssistantVersion: { input: () => ({ id: homeIds.assistantId, version: 1 }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId, version: 1 }) },
  setAssistantLabel: { input: () => ({ id: homeIds.assistantId, version: 1, label: "authz" }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId, version: 1, label: "authz" }) },
  removeAssistantLabel: { input: () => ({ id: homeIds.assistantId, label: "authz" }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayAssistantId, label: "authz" }) },
  addEndpoint: { input: () => ENDPOINT, signedIn: true, viewerRefused: true },
  editEndpoint: { input: () => ({ ...ENDPOINT, id: endpointIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ ...ENDPOINT, id: endpointIds.away }) },
  removeEndpoint: { input: () => ({ id: endpointIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: endpointIds.away }) },
  sendTestWebhook: { input: () => ({ id: endpointIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: endpointIds.away }) },
  rotateWebhookSecret: { input: () => ({}), signedIn: true, viewerRefused: true },
  redeliverWebhook: { input: () => ({ id: deliveryIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: deliveryIds.away }) },
  loadDeliveries: { input: () => ({}), signedIn: true, viewerRefused: false },
  loadRunDeliveries: { input: () => ({ runId: runIds.home }), signedIn: true, viewerRefused: false },
  // The Tools page (issue 24).
  addPlugin: { input: pluginBody, signedIn: true, viewerRefused: true },
  editPlugin: { input: () => ({ id: pluginIds.home, values: { name: "renamed" } }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: pluginIds.away, values: { name: "mine now" } }) },
  removePlugin: { input: () => ({ id: pluginIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: pluginIds.away }) },
  testPlugin: { input: () => ({ id: pluginIds.home }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ id: pluginIds.away }) },
  addMcpServer: { input: mcpServerBody, signedIn: true, viewerRefused: true },
  editMcpServer: {
    input: () => ({ id: mcpServerIds.home, values: { description: "changed" } }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: mcpServerIds.away, values: { description: "mine now" } }),
  },
  removeMcpServer: { input: () => ({ id: mcpServerIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: mcpServerIds.away }) },
  testMcpServer: { input: () => ({ id: mcpServerIds.home }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ id: mcpServerIds.away }) },
  listPlaygroundThreads: { input: () => ({ search: "" }), signedIn: true, viewerRefused: false },
  loadRunHistory: { input: () => ({ threadId: threadIds.home, runIds: [] }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ threadId: threadIds.away, runIds: [] }) },
  saveAssistantSettings: {
    input: () => ({ id: homeIds.assistantId, changes: { temperature: 0.5 } }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: awayAssistantId, changes: { temperature: 0.5 } }),
  },
  createPlaygroundThread: { input: () => ({ assistantId: homeIds.assistantId }), signedIn: true, viewerRefused: true },
  renamePlaygroundThread: {
    input: () => ({ id: threadIds.home, title: "Renamed" }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: threadIds.away, title: "Mine now" }),
  },
  deletePlaygroundThread: { input: () => ({ id: threadIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: threadIds.away }) },
  pickerFiles: { input: () => ({ query: "authz" }), signedIn: true, viewerRefused: false },
  pickerVectorStores: { input: () => ({ query: "authz" }), signedIn: true, viewerRefused: false },
  lookupResources: { input: () => ({ fileIds: [fileIds.home], vectorStoreIds: [storeIds.home] }), signedIn: true, viewerRefused: false },
  loadFileSearchCalls: { input: () => ({ threadId: threadIds.home, runId: runIds.home }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ threadId: threadIds.away, runId: runIds.away }) },
  loadFilePreview: { input: () => ({ id: fileIds.home }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ id: fileIds.away }) },
  removeFile: { input: () => ({ id: fileIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: fileIds.away }) },
  createVectorStore: { input: () => ({ name: "authz" }), signedIn: true, viewerRefused: true },
  updateVectorStore: {
    input: () => ({ id: storeIds.home, values: { name: "renamed" } }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: storeIds.away, values: { name: "mine now" } }),
  },
  deleteVectorStore: { input: () => ({ id: storeIds.home }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: storeIds.away }) },
  addFilesToVectorStore: {
    input: () => ({ id: storeIds.home, batch: { file_ids: [fileIds.home] } }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: storeIds.away, batch: { file_ids: [fileIds.away] } }),
  },
  removeFileFromVectorStore: {
    input: () => ({ id: storeIds.home, file_id: fileIds.home }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ id: storeIds.away, file_id: fileIds.away }),
  },
  searchVectorStore: {
    input: () => ({ id: storeIds.home, request: { query: "authz" } }),
    signedIn: true,
    viewerRefused: false,
    otherWorkspace: () => ({ id: storeIds.away, request: { query: "authz" } }),
  },
  listFilesToAdd: { input: () => ({ storeId: storeIds.home }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ storeId: storeIds.away }) },
  renameWorkspace: { input: () => ({ name: "Renamed" }), signedIn: true, viewerRefused: true },
  createKey: { input: () => ({ name: "k", role: "viewer" }), signedIn: true, viewerRefused: false },
  revokeKey: { input: () => ({ id: homeIds.keyId }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayIds.keyId }) },
  invite: { input: () => ({ email: "someone@example.test", role: "viewer" }), signedIn: true, viewerRefused: true },
  cancelInvite: { input: () => ({ id: homeIds.invitationId }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayIds.invitationId }) },
  changeRole: {
    input: () => ({ memberId: homeIds.viewerMemberId, role: "editor" }),
    signedIn: true,
    viewerRefused: true,
    otherWorkspace: () => ({ memberId: awayIds.memberId, role: "viewer" }),
  },
  removeFromWorkspace: { input: () => ({ id: homeIds.viewerMemberId }), signedIn: true, viewerRefused: true, otherWorkspace: () => ({ id: awayIds.memberId }) },
  changePassword: { input: () => ({ currentPassword: "x", newPassword: "another long password" }), signedIn: true, viewerRefused: false },
  switchWorkspace: { input: () => ({ workspaceId: home.id }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ workspaceId: away.id }) },
  // Only owners of some workspace may start one (an invite link makes an account for any email).
  createWorkspace: { input: () => ({ name: "Mine" }), signedIn: true, viewerRefused: true },
  signOut: { input: () => undefined, signedIn: true, viewerRefused: false },
  signOutFromMenu: { input: () => undefined, signedIn: true, viewerRefused: false },
  acceptInvite: { input: () => ({ invitationId: homeIds.invitationId }), signedIn: true, viewerRefused: false, otherWorkspace: () => ({ invitationId: awayIds.invitationId }) },
  signOutForInvite: { input: () => ({ invitationId: homeIds.invitationId }), signedIn: true, viewerRefused: false },
  // Public by nature; each has its own guard, tested below.
  signIn: { input: () => ({ email: "x@example.test", password: "x" }), signedIn: false, viewerRefused: false },
  setUp: { input: () => ({ name: "x", email: "x@example.test", password: "a long enough password", workspaceName: "x" }), signedIn: false, viewerRefused: false },
  joinWithNewAccount: { input: () => ({ invitationId: awayIds.invitationId, name: "x", password: "a long enough password" }), signedIn: false, viewerRefused: false },
};

describe("coverage", () => {
  it("has a case for every server action in the build", () => {
    expect(listActions().map((ref) => ref.name).sort()).toEqual(Object.keys(CASES).sort());
  });
});

const withSession = Object.entries(CASES).filter(([, c]) => c.signedIn);

describe.each(withSession)("%s", (name, c) => {
  it("refuses a caller without a session", async () => {
    const outcome = await callAction(action(name), c.input());
    // signOutFromMenu (for <form action>) reports no result; signed in, it ends the session and
    // redirects to /sign-in (tested below), so without a session it must do neither.
    if (name === "signOutFromMenu") expect(outcome.redirect).toBeNull();
    else expect(outcome.result).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("refuses a forged session cookie", async () => {
    const outcome = await callAction(action(name), c.input(), { cookie: "atelier.session_token=forged.signature" });
    if (name === "signOutFromMenu") expect(outcome.redirect).toBeNull();
    else expect(outcome.result).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  if (c.viewerRefused) {
    it("refuses a viewer (403) and changes nothing", async () => {
      const outcome = await callAction(action(name), c.input(), { cookie: viewerCookie });
      expect(outcome.result).toMatchObject({ ok: false, code: "forbidden" });
    });
  }

  if (c.otherWorkspace) {
    it("does not reach another workspace's objects (404)", async () => {
      const outcome = await callAction(action(name), c.otherWorkspace!(), { cookie: ownerCookie });
      expect(outcome.result).toMatchObject({ ok: false, code: "not_found" });
    });
  }
});

describe("the webhook delivery logs show this workspace's deliveries only", () => {
  it("lists home's deliveries to a viewer, and none of another workspace's endpoint or run", async () => {
    const list = async (name: string, input: unknown) => {
      const outcome = await callAction(action(name), input, { cookie: viewerCookie });
      expect(outcome.result).toMatchObject({ ok: true });
      return (outcome.result!.data as { id: string }[]).map((delivery) => delivery.id);
    };
    expect(await list("loadDeliveries", {})).toContain(deliveryIds.home);
    expect(await list("loadDeliveries", {})).not.toContain(deliveryIds.away);
    expect(await list("loadDeliveries", { endpointId: endpointIds.away })).toEqual([]);
    expect(await list("loadRunDeliveries", { runId: runIds.home })).toEqual([deliveryIds.home]);
    expect(await list("loadRunDeliveries", { runId: runIds.away })).toEqual([]);
  });
});

describe("the file and vector store pickers see this workspace only", () => {
  const data = async <T,>(name: string, input: unknown, cookie = viewerCookie) => {
    const outcome = await callAction(action(name), input, { cookie });
    expect(outcome.result).toMatchObject({ ok: true });
    return outcome.result!.data as T;
  };

  it("lists this workspace's files and stores, never a thread's own store", async () => {
    expect((await data<{ id: string }[]>("pickerFiles", { query: "authz" })).map((file) => file.id)).toEqual([fileIds.home]);
    // The other workspace's id finds nothing here, even typed whole.
    expect(await data("pickerFiles", { query: fileIds.away })).toEqual([]);
    expect((await data<{ id: string; name: string }[]>("pickerVectorStores", { query: "" })).map((store) => store.id)).toEqual([storeIds.home]);
    expect(await data("pickerVectorStores", { query: storeIds.away })).toEqual([]);
  });

  it("names only this workspace's ids; the others' are simply absent", async () => {
    const found = await data<{ files: { id: string; filename: string }[]; vectorStores: { id: string }[] }>("lookupResources", {
      fileIds: [fileIds.home, fileIds.away, "file-nope"],
      vectorStoreIds: [storeIds.home, storeIds.away, storeIds.homeThread, "vs_nope"],
    });
    expect(found.files.map((file) => [file.id, file.filename])).toEqual([[fileIds.home, "authz.txt"]]);
    // A thread's own store is this workspace's: named when asked for, only not offered to pick.
    expect(found.vectorStores.map((store) => store.id).sort()).toEqual([storeIds.home, storeIds.homeThread].sort());
  });

  it("shows a run's file_search calls with the query the model sent and each result's text", async () => {
    expect(await data("loadFileSearchCalls", { threadId: threadIds.home, runId: runIds.home })).toEqual([
      { id: "call_authz", index: 0, query: "who may", results: [{ fileId: fileIds.home, fileName: "authz.txt", score: 0.75, text: "authz" }] },
    ]);
    // The other workspace's run, even on a thread id of this one.
    const crossed = await callAction(action("loadFileSearchCalls"), { threadId: threadIds.home, runId: runIds.away }, { cookie: ownerCookie });
    expect(crossed.result).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("signing out from the menu", () => {
  it("ends the session and redirects to sign-in", async () => {
    const cookie = await signInCookie(viewer);
    expect((await api("GET", "/assistants", { headers: { cookie } })).status).toBe(200);
    const outcome = await callAction(action("signOutFromMenu"), undefined, { cookie });
    expect(outcome.redirect).toBe("/sign-in");
    expect((await api("GET", "/assistants", { headers: { cookie } })).status).toBe(401);
  });
});

describe("public actions keep their own guards", () => {
  it("setUp refuses once someone has an account", async () => {
    const outcome = await callAction(action("setUp"), CASES.setUp!.input());
    expect(outcome.result).toMatchObject({ ok: false, code: "conflict" });
  });

  it("joinWithNewAccount refuses an invitation it cannot use, and takes the email from the invitation", async () => {
    const bogus = await callAction(action("joinWithNewAccount"), { invitationId: "inv_nope", name: "x", password: "a long enough password" });
    expect(bogus.result).toMatchObject({ ok: false, code: "not_found" });
  });

  it("server actions refuse a foreign Origin with 403", async () => {
    const outcome = await callAction(action("renameWorkspace"), { name: "csrf" }, { cookie: ownerCookie, origin: "https://evil.example" });
    expect(outcome.status).toBe(403);
    expect(outcome.result?.ok).not.toBe(true);
    const workspace = await provision((lib) => lib.db.getDb().workspace.findUniqueOrThrow({ where: { id: home.id } }));
    expect(workspace.name).not.toBe("csrf");
  });

  describe("a replayed createKey from anywhere but our own pages is refused with 403 before it runs", () => {
    const keyCount = () => provision((lib) => lib.db.getDb().apiKey.count({ where: { workspaceId: home.id } }));
    const REPLAYS: [string, { origin?: string | null; headers?: Record<string, string> }][] = [
      ["without an Origin header", { origin: null }],
      ["from another site (Sec-Fetch-Site: cross-site)", { headers: { "sec-fetch-site": "cross-site" } }],
      ["from a same-site page on another origin (Sec-Fetch-Site: same-site)", { headers: { "sec-fetch-site": "same-site" } }],
      ["with a foreign Origin", { origin: "https://evil.example" }],
      ["with a foreign Origin and a forged X-Forwarded-Host", { origin: "https://evil.example", headers: { "x-forwarded-host": "evil.example" } }],
      ["with a foreign Origin and X-Forwarded-Host as a list", { origin: "https://evil.example", headers: { "x-forwarded-host": "evil.example, 127.0.0.1" } }],
      ["with an opaque Origin", { origin: "null" }],
      ["marked as a router prefetch, without Origin", { origin: null, headers: { "next-router-prefetch": "1" } }],
    ];

    it.each(REPLAYS)("%s", async (_label, replay) => {
      const before = await keyCount();
      const outcome = await callAction(action("createKey"), { name: "replayed", role: "viewer" }, { cookie: ownerCookie, ...replay });
      expect(outcome.status).toBe(403);
      expect(outcome.result).toBeNull();
      expect(await keyCount()).toBe(before);
    });

    it("while the browser's own same-origin request works", async () => {
      const before = await keyCount();
      const outcome = await callAction(action("createKey"), { name: "from the console", role: "viewer" }, { cookie: ownerCookie, headers: { "sec-fetch-site": "same-origin" } });
      expect(outcome.result).toMatchObject({ ok: true });
      expect(await keyCount()).toBe(before + 1);
    });
  });

  it("an owner's allowed action works and is recorded in the activity log", async () => {
    const outcome = await callAction(action("renameWorkspace"), { name: "Renamed by owner", workspaceId: away.id }, { cookie: ownerCookie });
    expect(outcome.result).toMatchObject({ ok: true, data: { name: "Renamed by owner" } });
    const [mine, theirs] = await provision((lib) =>
      Promise.all([home.id, away.id].map((id) => lib.db.getDb().workspace.findUniqueOrThrow({ where: { id } }))),
    );
    // The workspace comes from the session, never from input: `workspaceId` in the body is ignored.
    expect(mine!.name).toBe("Renamed by owner");
    expect(theirs!.name).not.toBe("Renamed by owner");
    const events = await provision((lib) => lib.db.getDb().auditEvent.findMany({ where: { workspaceId: home.id, action: "workspace.renamed" } }));
    expect(events[0]).toMatchObject({ actorType: "user", actorLabel: owner.email });
  });
});

describe("the console's assistant list", () => {
  it("lists only the caller's workspace, whatever the filters say", async () => {
    const outcome = await callAction(action("searchAssistantList"), { q: "" }, { cookie: ownerCookie });
    const ids = (outcome.result!.data as { list: { data: { id: string }[] } }).list.data.map((assistant) => assistant.id);
    expect(ids).toContain(homeIds.assistantId);
    expect(ids).not.toContain(awayAssistantId);
  });
});

describe("the Vector stores page's actions", () => {
  it("write through the API's services: what they make, the API shows; the tester ranks as the API's search", async () => {
    const run = async (name: string, input: unknown) => (await callAction(action(name), input, { cookie: ownerCookie })).result!;
    const created = await run("createVectorStore", { name: "via console", expires_after: { anchor: "last_active_at", days: 3 } });
    expect(created).toMatchObject({ ok: true });
    const id = (created.data as { id: string }).id;
    expect((await api("GET", `/vector_stores/${id}`, { key: home.apiKey })).body).toMatchObject({ name: "via console", expires_after: { days: 3 } });

    // Refused input writes nothing and names the field, in the API's words.
    expect(await run("createVectorStore", { name: "x", expires_after: { anchor: "last_active_at", days: 0 } })).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { "expires_after.days": ["must be between 1 and 365"] },
    });
    const badChunking = await run("addFilesToVectorStore", { id, batch: { file_ids: [fileIds.home], chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 51 } } } });
    expect(badChunking).toMatchObject({ ok: false, code: "invalid_request" });
    expect((await api("GET", `/vector_stores/${id}/files`, { key: home.apiKey })).body.data).toEqual([]);

    expect(await run("addFilesToVectorStore", { id, batch: { file_ids: [fileIds.home] } })).toMatchObject({ ok: true, data: { added: 1 } });
    const deadline = Date.now() + 20_000;
    let status = "";
    while (status !== "completed" && Date.now() < deadline) {
      status = (await api("GET", `/vector_stores/${id}/files/${fileIds.home}`, { key: home.apiKey })).body.status;
      if (status !== "completed") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("completed");

    const tester = await run("searchVectorStore", { id, request: { query: "authz", max_num_results: 5 } });
    const rest = await api("POST", `/vector_stores/${id}/search`, { key: home.apiKey, json: { query: "authz", max_num_results: 5 } });
    expect(rest.status).toBe(200);
    const hits = (tester.data as { semantic_ranking: string; data: { file_id: string; score: number; keyword_score: number | null; semantic_score: number | null; text: string }[] });
    expect(hits.semantic_ranking).toBe("off");
    expect(hits.data.map((hit) => [hit.file_id, hit.score, hit.text])).toEqual(rest.body.data.map((hit: { file_id: string; score: number; content: { text: string }[] }) => [hit.file_id, hit.score, hit.content[0]!.text]));
    expect(hits.data[0]).toMatchObject({ file_id: fileIds.home, semantic_score: null });
    // Keyword ranking alone: the fused score is the keyword relevance.
    expect(hits.data[0]!.keyword_score).toBe(hits.data[0]!.score);
    // The REST answer stays the contract's: no parts.
    expect(Object.keys(rest.body.data[0]).sort()).toEqual(["attributes", "content", "file_id", "filename", "score"]);

    const picker = await run("listFilesToAdd", { storeId: id });
    expect((picker.data as { data: { id: string; in_store: boolean }[] }).data.find((file) => file.id === fileIds.home)).toMatchObject({ in_store: true });

    expect(await run("removeFileFromVectorStore", { id, file_id: fileIds.home })).toMatchObject({ ok: true });
    expect((await api("GET", `/vector_stores/${id}/files`, { key: home.apiKey })).body.data).toEqual([]);
    expect((await api("GET", `/files/${fileIds.home}`, { key: home.apiKey })).status).toBe(200);
    expect(await run("deleteVectorStore", { id })).toMatchObject({ ok: true });
    expect((await api("GET", `/vector_stores/${id}`, { key: home.apiKey })).status).toBe(404);
  });
});

describe("the playground's thread list", () => {
  it("lists the caller's workspace only, finds a thread by title or first message, and rename keeps other metadata", async () => {
    const thread = await provision(async () => {
      const threads = await import("@/lib/threads/service");
      return threads.createThread(home.caller, { metadata: { team: "support" }, messages: [{ role: "user", content: "Where is my parcel 50% off?" }] });
    });
    const list = async (search?: string) => {
      const outcome = await callAction(action("listPlaygroundThreads"), { search }, { cookie: ownerCookie });
      return (outcome.result!.data as { data: { id: string; title: string | null; first_message: string | null; message_count: number }[] }).data;
    };
    const all = await list();
    expect(all.map((t) => t.id)).toContain(thread.id);
    expect(all.map((t) => t.id)).not.toContain(threadIds.away);
    expect(all.find((t) => t.id === thread.id)).toMatchObject({ title: null, first_message: "Where is my parcel 50% off?", message_count: 1 });
    // LIKE wildcards are literal: "50%" matches only text with those characters.
    expect((await list("parcel 50%")).map((t) => t.id)).toEqual([thread.id]);
    expect((await list("50_"))).toEqual([]);

    const renamed = await callAction(action("renamePlaygroundThread"), { id: thread.id, title: "  Parcel question  " }, { cookie: ownerCookie });
    expect(renamed.result).toMatchObject({ ok: true, data: { title: "Parcel question" } });
    expect((await list("parcel q")).map((t) => t.title)).toEqual(["Parcel question"]);
    const stored = await api("GET", `/threads/${thread.id}`, { headers: { cookie: ownerCookie } });
    expect(stored.body).toMatchObject({ metadata: { team: "support", title: "Parcel question" } });
  });

  it("lists an assistant's threads: with a run of it, or created from its playground", async () => {
    const word = `mine${Date.now().toString(36)}`;
    const made = await provision(async (lib) => {
      const threads = await import("@/lib/threads/service");
      const other = await lib.assistants.createAssistant(home.caller, { model: "gpt-4o-mini", name: "other" });
      const thread = (text: string, playgroundOf: string | null = null) => threads.createThread(home.caller, { messages: [{ role: "user", content: `${word} ${text}` }] }, playgroundOf);
      const [fromPlayground, runOfMine, runOfOther, untouched] = [await thread("playground", homeIds.assistantId), await thread("run-mine"), await thread("run-other"), await thread("api")];
      // Run rows as the engine leaves them: only which assistant ran on which thread matters here.
      const { ID_PREFIXES, newId } = await import("@/lib/ids");
      const run = (threadId: string, assistantId: string) =>
        lib.db.getDb().run.create({
          data: { id: newId(ID_PREFIXES.run, new Date()), workspaceId: home.id, threadId, assistantId, status: "completed", model: "m", truncationStrategy: { type: "auto" }, toolChoice: "auto", responseFormat: "auto", createdAt: new Date() },
        });
      await run(runOfMine.id, homeIds.assistantId);
      await run(runOfOther.id, other.id);
      return { fromPlayground: fromPlayground.id, runOfMine: runOfMine.id, runOfOther: runOfOther.id, untouched: untouched.id };
    });
    const ids = async (assistantId?: string) => {
      const outcome = await callAction(action("listPlaygroundThreads"), { search: word, assistantId }, { cookie: ownerCookie });
      return (outcome.result!.data as { data: { id: string }[] }).data.map((t) => t.id).sort();
    };
    expect(await ids(homeIds.assistantId)).toEqual([made.fromPlayground, made.runOfMine].sort());
    expect(await ids()).toEqual(Object.values(made).sort());
  });

  it("orders threads by their newest message, and a page after a thread starts below it", async () => {
    const word = `order${Date.now().toString(36)}`;
    const [older, newer] = await provision(async () => {
      const threads = await import("@/lib/threads/service");
      const first = await threads.createThread(home.caller, { messages: [{ role: "user", content: `${word} first` }] });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await threads.createThread(home.caller, { messages: [{ role: "user", content: `${word} second` }] });
      return [first, second];
    });
    const list = async (input: Record<string, unknown>) => {
      const outcome = await callAction(action("listPlaygroundThreads"), { search: word, ...input }, { cookie: ownerCookie });
      return outcome.result!.data as { data: { id: string; last_active_at: number }[]; has_more: boolean };
    };
    expect((await list({})).data.map((t) => t.id)).toEqual([newer.id, older.id]);

    // Continued, the older thread comes back to the top.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await provision(async () => {
      const messages = await import("@/lib/messages/service");
      await messages.createMessage(home.caller, older.id, { role: "user", content: "continued" } as Parameters<typeof messages.createMessage>[2]);
    });
    expect((await list({})).data.map((t) => t.id)).toEqual([older.id, newer.id]);

    const firstPage = await list({ limit: 1 });
    expect(firstPage).toMatchObject({ data: [{ id: older.id }], has_more: true });
    const secondPage = await list({ limit: 1, after: older.id });
    expect(secondPage).toMatchObject({ data: [{ id: newer.id }], has_more: false });
  });
});

describe("the Tools page's actions answer as the API does", () => {
  const run = async (name: string, input: unknown, cookie = ownerCookie) => (await callAction(action(name), input, { cookie })).result!;

  it("lists a plugin's functions with their strict-mode lint, for a viewer too", async () => {
    const result = await run("testPlugin", { id: pluginIds.home }, viewerCookie);
    expect(result).toMatchObject({ ok: true, data: [{ object: "plugin.operation", name: "ping", method: "GET", path: "/ping", unsupported: null }] });
    expect(Array.isArray((result as { data: { strict_problems: unknown }[] }).data[0]!.strict_problems)).toBe(true);
  });

  it("reports an MCP server it cannot reach as bad_gateway with the reason", async () => {
    const result = await run("testMcpServer", { id: mcpServerIds.home }, viewerCookie);
    expect(result).toMatchObject({ ok: false, code: "bad_gateway" });
    expect((result as { message: string }).message).toMatch(/could not be reached/);
  });

  it("keeps a service secret sent back masked, and names the field of a bad document", async () => {
    const token = "authz-service-token-0123456789";
    const added = await run("addPlugin", { ...pluginBody(), auth: { type: "service", bearer_token: token } });
    expect(added).toMatchObject({ ok: true, data: { auth: { type: "service", bearer_token: "****6789" } } });
    const id = (added as { data: { id: string } }).data.id;
    const kept = await run("editPlugin", { id, values: { name: "kept", auth: { type: "service", bearer_token: "****6789" } } });
    expect(kept).toMatchObject({ ok: true, data: { name: "kept", auth: { type: "service", bearer_token: "****6789" } } });
    const bad = await run("editPlugin", { id, values: { openapi: "openapi: 2.0\ninfo: {}" } });
    expect(bad).toMatchObject({ ok: false, code: "invalid_request" });
    expect(Object.keys((bad as { fieldErrors: Record<string, string[]> }).fieldErrors)[0]).toMatch(/^openapi/);
    expect(await run("removePlugin", { id })).toMatchObject({ ok: true, data: { id } });
  });
});
