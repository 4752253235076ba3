import { expect, test } from "./fixtures";
import OpenAI from "openai";

// Accounts, roles and keys as people use them: signing in and out, what a viewer can and cannot
// do, removal taking effect at once, and API keys made in Settings used with the `openai` SDK.

test.describe("sign-in", () => {
  test("a page asked for while signed out comes back after sign-in; sign-out ends the session", async ({ page, owner }) => {
    await page.goto("/settings/members");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fmembers$/);

    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveValue("");

    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings\/members$/);
    await expect(page.getByRole("table", { name: "Members" })).toContainText(owner.email);

    await page.getByLabel(`Account: ${owner.email}`).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/assistants");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fassistants$/);
  });
});

test.describe("roles", () => {
  test("a viewer opens everything but cannot change the workspace; the owner's controls are not offered", async ({ inviteMember }) => {
    const viewer = await inviteMember("viewer");
    const page = viewer.page;
    await expect(page.getByRole("banner")).toContainText("Viewer");

    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Workspace" })).toBeVisible();
    await expect(page.getByLabel("Workspace name")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);

    await page.goto("/settings/members");
    await expect(page.getByRole("table", { name: "Members" })).toContainText(viewer.email);
    await expect(page.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

    // Starting workspaces is for owners (an invite link makes an account for any email).
    await page.getByRole("banner").getByLabel(/^Workspace: .* Switch workspace$/).click();
    await expect(page.getByRole("list", { name: "Workspaces" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New workspace…" })).toHaveCount(0);

    // A viewer may hold keys, but only read-only ones.
    await page.goto("/settings/api-keys");
    await expect(page.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["Viewer"]);
  });

  test("a removed member loses access at once, in the console and with their API key", async ({ ownerPage, inviteMember, baseURL }) => {
    const editor = await inviteMember("editor");
    await editor.page.goto("/settings/api-keys");
    await editor.page.getByLabel("Key name").fill("editor laptop");
    await editor.page.getByRole("button", { name: "Create key" }).click();
    const key = (await editor.page.getByLabel("API key", { exact: true }).textContent())!;
    const sdk = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
    await expect(sdk.beta.assistants.list()).resolves.toBeTruthy();

    await ownerPage.goto("/settings/members");
    const row = ownerPage.getByRole("row").filter({ hasText: editor.email });
    await row.getByRole("button", { name: `Remove ${editor.email}` }).click();
    await row.getByRole("button", { name: "Remove member" }).click();
    await expect(ownerPage.getByRole("row").filter({ hasText: editor.email })).toHaveCount(0);

    await editor.page.goto("/assistants");
    await expect(editor.page).toHaveURL(/\/no-workspace$/);
    await expect(editor.page.getByRole("heading", { name: "You are not in any workspace" })).toBeVisible();
    await expect(sdk.beta.assistants.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

test.describe("API keys", () => {
  test("a key created in Settings works with the openai SDK, and stops working once revoked", async ({ ownerPage: page, baseURL, uniqueName }) => {
    const name = uniqueName("key");
    await page.goto("/settings/api-keys");
    await page.getByLabel("Key name").fill(name);
    await page.getByLabel("Role", { exact: true }).selectOption("editor");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByText("it is shown only this once")).toBeVisible();
    const key = (await page.getByLabel("API key", { exact: true }).textContent())!;
    expect(key).toMatch(/^sk-atl-/);

    const sdk = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key, maxRetries: 0 });
    const viaKey = uniqueName("via key");
    const created = await sdk.beta.assistants.create({ model: "gpt-4o-mini", name: viaKey });
    expect(created.id).toMatch(/^asst_/);

    await page.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Editor");
    await expect(row).toContainText("Active");
    await row.getByRole("button", { name: `Revoke key ${name}` }).click();
    await row.getByRole("button", { name: "Revoke key" }).click();
    await expect(row).toContainText("Revoked");

    await expect(sdk.beta.assistants.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(sdk.beta.assistants.delete(created.id)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    // Both are in the activity log, by the owner.
    await page.goto("/settings/activity");
    const activity = page.getByRole("table", { name: "Activity" });
    await expect(activity.getByRole("row").filter({ hasText: `created API key ${name}` })).toBeVisible();
    await expect(activity.getByRole("row").filter({ hasText: `revoked API key ${name}` })).toBeVisible();
    await expect(activity.getByRole("row").filter({ hasText: `created assistant ${viaKey}` })).toContainText(`API key “${name}”`);
  });
});

test.describe("workspaces", () => {
  test("the header creates a workspace and switches between workspaces; each shows its own assistants", async ({ ownerPage: page, api, uniqueName }) => {
    const home = await api.beta.assistants.create({ model: "gpt-4o-mini", name: uniqueName("home") });
    const name = uniqueName("workspace");
    const switcher = page.getByRole("banner").getByLabel(/^Workspace: .* Switch workspace$/);
    await switcher.click();
    await page.getByRole("link", { name: "New workspace…" }).click();
    await page.getByLabel("Workspace name").fill(name);
    await page.getByRole("button", { name: "Create workspace" }).click();

    await expect(page).toHaveURL(/\/assistants$/);
    await expect(page.getByRole("banner").getByLabel(`Workspace: ${name}. Switch workspace`)).toBeVisible();
    await expect(page.getByRole("heading", { name: "No assistants yet" })).toBeVisible();

    await page.getByRole("banner").getByLabel(`Workspace: ${name}. Switch workspace`).click();
    const menu = page.getByRole("list", { name: "Workspaces" });
    await expect(menu.getByRole("button", { name: new RegExp(name) })).toHaveAttribute("aria-current", "true");
    await menu.getByRole("button").filter({ hasNotText: name }).first().click();
    await expect(page.getByRole("banner").getByLabel(`Workspace: ${name}. Switch workspace`)).toHaveCount(0);
    await expect(page.getByRole("table", { name: /assistants/i }).getByRole("row").filter({ hasText: home.id })).toHaveCount(1);
  });
});

