import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startScriptedModel, type ScriptedModel } from "../scripts/scripted-model/server";

// Settings → Providers as people use it: an owner adds a provider pointing at a scripted model
// server started here (on 127.0.0.1, wanting its own key), tests the connection and sees the models
// it found, changes the key, and deletes it. Other members see the list and nothing to change.
// The key itself never appears on a page.

const KEY = `sk-e2e-provider-${randomBytes(8).toString("hex")}`;

let model: ScriptedModel;

test.beforeAll(async () => {
  model = await startScriptedModel({ apiKey: KEY });
});
test.afterAll(async () => {
  await model?.close();
});

/** A name no other test or worker uses, valid as a model id prefix. */
const providerName = () => `e2e-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;

async function addProvider(page: Page, name: string) {
  await page.goto("/settings/providers");
  const form = page.getByRole("region", { name: "Add a provider" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Base URL").fill(model.url);
  await form.getByLabel("API key").fill(KEY);
  await form.getByRole("button", { name: "Add provider" }).click();
  await expect(form.getByRole("status")).toContainText(`Added ${name}`);
  return page.getByRole("region", { name, exact: true });
}

test.describe("providers", () => {
  test("an owner adds a provider, tests its connection, sees its models, changes its key and deletes it", async ({ ownerPage: page, api }) => {
    const name = providerName();
    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Providers" }).click();
    await expect(page).toHaveURL(/\/settings\/providers$/);

    // The kind fills in its usual base URL; OpenAI-compatible leaves it to the person.
    const form = page.getByRole("region", { name: "Add a provider" });
    await form.getByLabel("Kind").selectOption("openai");
    await expect(form.getByLabel("Base URL")).toHaveValue("https://api.openai.com/v1");
    await form.getByLabel("Kind").selectOption("dashscope");
    await expect(form.getByLabel("Base URL")).toHaveValue("https://dashscope-intl.aliyuncs.com/compatible-mode/v1");
    await form.getByLabel("Kind").selectOption("openai-compatible");
    await expect(form.getByLabel("Base URL")).toHaveValue("");
    await expect(form.getByLabel("Base URL")).toHaveAttribute("placeholder", "http://127.0.0.1:11434/v1");

    // The schema's rules, as the form shows them.
    await form.getByLabel("Name").fill("openai");
    await form.getByLabel("Base URL").fill("ftp://example.com");
    await form.getByRole("button", { name: "Add provider" }).click();
    await expect(form.getByText("openai and dashscope are the environment's providers; choose another name.")).toBeVisible();
    await expect(form.getByText("Use an http:// or https:// URL.")).toBeVisible();

    const card = await addProvider(page, name);
    await expect(card).toContainText("OpenAI-compatible");
    await expect(card).toContainText(model.url);
    await expect(card).toContainText(`…${KEY.slice(-4)}`);
    await expect(card).toContainText("0 models");
    expect(await page.content()).not.toContain(KEY);

    await card.getByRole("button", { name: `Test connection to ${name}` }).click();
    const result = card.getByRole("status", { name: `Connection test of ${name}` });
    await expect(result).toContainText(/Connected \(HTTP 200, \d+ ms\): 3 models found/);
    await expect(result.getByRole("list", { name: `Models found at ${name}` }).getByRole("listitem")).toHaveText(["scripted-1", "scripted-small", "scripted-embed"]);
    // The cached list is what GET /models offers, prefixed with the provider's name.
    await expect(card).toContainText(`3 models, e.g. ${name}/scripted-1`);
    const ids: string[] = [];
    for await (const listed of api.models.list()) ids.push(listed.id);
    expect(ids).toEqual(expect.arrayContaining([`${name}/scripted-1`, `${name}/scripted-small`]));

    // Editing shows the key's hint only; a wrong key makes the test fail with the provider's answer.
    await card.getByRole("button", { name: `Edit ${name}` }).click();
    await expect(card.getByLabel("API key")).toHaveValue("");
    await card.getByLabel("API key").fill("sk-wrong-key-0000");
    await card.getByRole("button", { name: "Save provider" }).click();
    await expect(card.getByRole("button", { name: "Save provider" })).toBeHidden();
    await expect(card).toContainText("…0000");
    await card.getByRole("button", { name: `Test connection to ${name}` }).click();
    await expect(result).toContainText("Connection failed (HTTP 401");
    await expect(result).toContainText("Incorrect API key provided");

    await card.getByRole("button", { name: `Delete provider ${name}` }).click();
    await card.getByRole("button", { name: "Delete provider", exact: true }).click();
    await expect(card).toBeHidden();
    await page.reload();
    await expect(page.getByRole("region", { name, exact: true })).toHaveCount(0);
  });

  test("the environment's providers are listed read-only, without their keys", async ({ ownerPage: page }) => {
    await page.goto("/settings/providers");
    const fromEnv = page.getByRole("region", { name: "From the environment" });
    await expect(fromEnv.getByRole("list", { name: "Providers from the environment" })).toContainText("Default (OPENAI_BASE_URL)");
    await expect(fromEnv).toContainText("from environment");
    await expect(fromEnv.getByRole("button")).toHaveCount(0);
  });

  test("an editor sees the providers and cannot change them", async ({ ownerPage: page, inviteMember }) => {
    const name = providerName();
    await addProvider(page, name);
    const editor = await inviteMember("editor");
    await editor.page.goto("/settings/providers");
    const card = editor.page.getByRole("region", { name, exact: true });
    await expect(card).toContainText(model.url);
    await expect(card.getByRole("button")).toHaveCount(0);
    await expect(editor.page.getByRole("region", { name: "Add a provider" })).toHaveCount(0);
    await expect(editor.page.getByText("Only owners can add, change or test providers.")).toBeVisible();

    // (Inviting took the owner's page to Settings → Members.)
    await page.goto("/settings/providers");
    await page.getByRole("region", { name, exact: true }).getByRole("button", { name: `Delete provider ${name}` }).click();
    await page.getByRole("button", { name: "Delete provider", exact: true }).click();
    await expect(page.getByRole("region", { name, exact: true })).toBeHidden();
  });
});
