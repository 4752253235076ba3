import { expect, test } from "./fixtures";
import { lastReply, send } from "./playground-helpers";
import { startMcpFixture, type McpFixture } from "../scripts/tool-fixtures/mcp-server";
import { startOpenApiFixture, type OpenApiFixture } from "../scripts/tool-fixtures/openapi-server";

// Plugins and MCP servers end to end (issue 24), as a person does it: register a plugin from its
// OpenAPI document and an MCP server on the Tools page (each tested there), attach both to an
// assistant in the editor, then talk to it in the playground: the plugin's operation runs on the
// server and its card says what was called; the MCP tool asks first, and runs once approved. The
// fixtures listen on 127.0.0.1, which the console's server may call (playwright.config.ts).

const SERVICE_TOKEN = "plugin-service-token-e2e-7f3a9c21";
const MCP_TOKEN = "mcp-token-e2e-5b8d2e64";

let api: OpenApiFixture;
let mcp: McpFixture;

test.beforeAll(async () => {
  [api, mcp] = await Promise.all([startOpenApiFixture({ token: SERVICE_TOKEN }), startMcpFixture({ token: MCP_TOKEN })]);
});

test.afterAll(async () => {
  await Promise.all([api?.close(), mcp?.close()]);
});

test("register a plugin and an MCP server, attach both, and use them in the playground with an approval", async ({ ownerPage: page, uniqueName }) => {
  test.setTimeout(120_000);
  const suffix = uniqueName("t").toLowerCase().replace(/[^a-z0-9]/g, "").slice(-10);
  const pluginId = `weather_${suffix}`;
  const label = `calc_${suffix}`;

  // The plugin, from its document, with a service token.
  await page.goto("/tools");
  await expect(page.getByRole("heading", { level: 1, name: "Tools" })).toBeVisible();
  await page.getByRole("button", { name: "Add plugin" }).first().click();
  const pluginDialog = page.getByRole("dialog", { name: "Add a plugin" });
  await pluginDialog.getByLabel("Id").fill(pluginId);
  await pluginDialog.getByLabel("Name").fill(`Weather ${suffix}`);
  await pluginDialog.getByLabel("OpenAPI document").fill(api.document);
  await pluginDialog.getByLabel("Authentication").selectOption("service");
  await pluginDialog.getByLabel("Bearer token").fill(SERVICE_TOKEN);
  await pluginDialog.getByRole("button", { name: "Add plugin" }).click();
  await expect(pluginDialog).toBeHidden();
  const pluginCard = page.getByRole("region", { name: `Weather ${suffix}` });
  await expect(pluginCard).toContainText(api.url);
  await expect(pluginCard).toContainText("****9c21");
  await pluginCard.getByRole("button", { name: `Test connection to Weather ${suffix}` }).click();
  await expect(pluginCard.getByRole("list", { name: `Functions of Weather ${suffix}` }).getByRole("listitem", { name: "getForecast" })).toContainText("GET /forecast/{city}");

  // The MCP server, asking for approval (the default), its tools listed live.
  await page.getByRole("button", { name: "Add MCP server" }).first().click();
  const mcpDialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await mcpDialog.getByLabel("Server label").fill(label);
  await mcpDialog.getByLabel("Server URL").fill(mcp.url);
  await mcpDialog.getByLabel("Authorization token").fill(MCP_TOKEN);
  await mcpDialog.getByRole("button", { name: "Add MCP server" }).click();
  await expect(mcpDialog).toBeHidden();
  const serverCard = page.getByRole("region", { name: label });
  await serverCard.getByRole("button", { name: `Test connection to ${label}` }).click();
  await expect(serverCard.getByRole("list", { name: `Functions of ${label}` }).getByRole("listitem", { name: "add" })).toContainText("asks for approval");
  // No secret is shown whole on the page.
  await expect(page.locator("body")).not.toContainText(SERVICE_TOKEN);
  await expect(page.locator("body")).not.toContainText(MCP_TOKEN);

  // An assistant with both, from the editor.
  await page.goto("/assistants/new");
  await page.getByLabel("Name").fill(`Tools ${suffix}`);
  await page.getByLabel("Model", { exact: true }).fill("scripted-1");
  await page.getByRole("button", { name: "+ Plugin", exact: true }).click();
  await page.getByLabel("Plugin", { exact: true }).selectOption(pluginId);
  await page.getByRole("button", { name: "+ MCP server", exact: true }).click();
  await page.getByLabel("MCP server", { exact: true }).selectOption(label);
  await expect(page.getByRole("list", { name: "Tools", exact: true })).toContainText(`MCP · ${label}`);
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page).toHaveURL(/\/assistants\/asst_[0-9A-Za-z]+$/);
  const assistantId = page.url().split("/").pop()!;

  // The plugin's operation runs on the server: its card says what was called, and the reply uses it.
  const before = api.requests.length;
  await page.goto(`/assistants/${assistantId}/playground`);
  await page.waitForLoadState("networkidle");
  await send(page, '[[tool: getForecast {"city":"Oslo","days":2}]]');
  await expect(lastReply(page)).toContainText("Tool results:", { timeout: 30_000 });
  const forecastCard = page.getByRole("article", { name: /^Tool call .*getForecast/ }).last();
  await expect(forecastCard).toContainText(`Plugin ${pluginId} · GET /forecast/{city} · HTTP 200`);
  await expect(forecastCard).toContainText('"city": "Oslo"');
  await expect(forecastCard.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect(api.requests.slice(before).map((request) => [request.path, request.headers.authorization])).toEqual([["/v1/forecast/Oslo?days=2", `Bearer ${SERVICE_TOKEN}`]]);

  // The MCP tool asks first; approved, it runs and the model reads its result.
  await send(page, '[[tool: add {"a":20,"b":22}]]');
  const addCard = page.getByRole("article", { name: /^Tool call .*add/ }).last();
  await expect(addCard).toContainText("Awaiting approval", { timeout: 30_000 });
  await expect(addCard).toContainText(`MCP ${label} · add`);
  const waitingCalls = mcp.requests.length;
  await addCard.getByRole("button", { name: "Approve" }).click();
  await expect(lastReply(page)).toContainText("=42", { timeout: 30_000 });
  await expect(addCard).toContainText("Approved by a person.");
  await expect(addCard).toContainText("42");
  expect(mcp.requests.length).toBeGreaterThan(waitingCalls);
  expect(mcp.requests.slice(waitingCalls).every((request) => request.headers.authorization === `Bearer ${MCP_TOKEN}`)).toBe(true);

  // Denied with a reason: the tool is not called and the model reads why.
  await send(page, '[[tool: add {"a":1,"b":1}]]');
  const denyCard = page.getByRole("article", { name: /^Tool call .*add/ }).last();
  await expect(denyCard.getByRole("button", { name: "Deny" })).toBeVisible({ timeout: 30_000 });
  const beforeDeny = mcp.requests.length;
  await page.getByLabel("Reason").fill("not now");
  await denyCard.getByRole("button", { name: "Deny" }).click();
  await expect(lastReply(page)).toContainText("not now", { timeout: 30_000 });
  await expect(denyCard).toContainText("Denied by a person: not now");
  expect(mcp.requests.length).toBe(beforeDeny);
  await expect(page.locator("body")).not.toContainText(SERVICE_TOKEN);
});
