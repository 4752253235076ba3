import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// The editor's frame: the section index in the sticky save bar (jumps, marks the section being
// read, and nothing it jumps or focuses to ends up under the bar), Save only when there is something
// to save, a destructive Delete, errors only once a field was touched or a save tried, and the model
// field suggesting the configured providers' models (GET /api/v1/models).

const saveBar = (page: Page) => page.locator("form[aria-label=Assistant] > div.sticky");
const sectionIndex = (page: Page) => page.getByRole("navigation", { name: "Editor sections" });

/** The element's top is below the sticky bar's bottom: nothing of it is hidden under the bar. */
async function expectBelowBar(page: Page, target: Locator) {
  const bar = await saveBar(page).boundingBox();
  const box = await target.boundingBox();
  expect(bar && box).toBeTruthy();
  expect(box!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height);
}

test.describe("assistant editor layout", () => {
  test("the section index jumps to each section below the save bar and marks the one being read", async ({ ownerPage: page, api, uniqueName }) => {
    const created = await api.beta.assistants.create({ model: "scripted-1", name: uniqueName("sections") });
    await page.goto(`/assistants/${created.id}`);
    const index = sectionIndex(page);
    await expect(index.getByRole("link")).toHaveText(["Basics", "Sampling", "Response format", "Tools", "Metadata", "Extensions", "API object and code"]);
    await expect(index.getByRole("link", { name: "Basics" })).toHaveAttribute("aria-current", "location");

    for (const name of ["Tools", "Sampling", "Metadata"]) {
      await index.getByRole("link", { name }).click();
      const heading = page.getByRole("heading", { level: 2, name, exact: true });
      await expect(heading).toBeInViewport();
      await expectBelowBar(page, heading);
      await expect(index.getByRole("link", { name })).toHaveAttribute("aria-current", "location");
      await expect(index.locator("[aria-current]")).toHaveCount(1);
    }

    // Scrolling by hand moves the mark too.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(index.getByRole("link", { name: "Basics" })).toHaveAttribute("aria-current", "location");

    // A field focused from far down the page stops below the bar, not under it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByLabel("Description", { exact: true }).focus();
    await expectBelowBar(page, page.getByLabel("Description", { exact: true }));
  });

  test("Save is disabled while there are no changes; Delete is destructive and still asks first", async ({ ownerPage: page, api, uniqueName }) => {
    const name = uniqueName("save state");
    const created = await api.beta.assistants.create({ model: "scripted-1", name });
    await page.goto(`/assistants/${created.id}`);
    const save = page.getByRole("button", { name: "Save", exact: true });
    await expect(page.getByRole("status").filter({ hasText: "No changes" })).toBeVisible();
    await expect(save).toBeDisabled();

    await page.getByLabel("Name").fill(`${name} edited`);
    await expect(page.getByRole("status").filter({ hasText: "Unsaved changes" })).toBeVisible();
    await expect(save).toBeEnabled();
    await page.getByLabel("Name").fill(name);
    await expect(save).toBeDisabled();

    const remove = page.getByRole("button", { name: `Delete assistant ${name}` });
    await expect(remove).toHaveAttribute("data-variant", "destructive");
    await remove.click();
    await expect(page.getByRole("group", { name: /cannot be undone/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete assistant", exact: true })).toHaveAttribute("data-variant", "destructive");
    await page.getByRole("button", { name: "Cancel" }).click();
    expect((await api.beta.assistants.retrieve(created.id)).id).toBe(created.id);
  });

  test("a save or delete whose request fails says so where it was asked, instead of failing the page", async ({ ownerPage: page, api, uniqueName, pageProblems }) => {
    pageProblems.allow(/\b500\b.*\/assistants\/asst_/, "the server actions' requests are answered 500 on purpose");
    const name = uniqueName("unreachable");
    const created = await api.beta.assistants.create({ model: "scripted-1", name });
    await page.goto(`/assistants/${created.id}`);
    // Server actions POST to the page's own URL.
    await page.route(
      (url) => url.pathname === `/assistants/${created.id}`,
      (route) => (route.request().method() === "POST" ? route.fulfill({ status: 500, body: "down for a moment" }) : route.continue()),
    );

    await page.getByLabel("Name").fill(`${name} edited`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "may not have been done" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeEnabled();

    await page.getByRole("button", { name: `Delete assistant ${name}` }).click();
    await page.getByRole("button", { name: "Delete assistant", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "may not have been done" }).last()).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "This page could not be loaded" })).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    expect((await api.beta.assistants.retrieve(created.id)).name).toBe(name);
  });

  test("a new function row shows no error until its field is left or a save is tried", async ({ ownerPage: page }) => {
    await page.goto("/assistants/new");
    await page.getByLabel("Model", { exact: true }).fill("scripted-1");
    await page.getByRole("button", { name: "+ Function" }).click();
    const row = page.getByRole("list", { name: "Tools" }).getByRole("listitem").first();
    const functionName = row.getByLabel("Function name", { exact: true });
    await expect(functionName).toBeVisible();
    await expect(functionName).toHaveAttribute("aria-invalid", "false");
    await expect(row.locator(".text-destructive")).toHaveCount(0);

    // Left empty: now it says so.
    await functionName.focus();
    await functionName.blur();
    await expect(functionName).toHaveAttribute("aria-invalid", "true");
    await expect(row.locator("p.text-destructive").first()).toBeVisible();

    // A second row stays quiet until a save is tried, then everything is shown.
    await page.getByRole("button", { name: "+ Function" }).click();
    const second = page.getByRole("list", { name: "Tools" }).getByRole("listitem").nth(1).getByLabel("Function name", { exact: true });
    await expect(second).toHaveAttribute("aria-invalid", "false");
    await page.getByRole("button", { name: "Create assistant" }).click();
    await expect(page.getByText("Some fields need attention")).toBeVisible();
    await expect(second).toHaveAttribute("aria-invalid", "true");
  });

  test("the model field suggests the configured providers' models with their provider, by keyboard", async ({ ownerPage: page, api }) => {
    const listed: string[] = [];
    for await (const model of api.models.list()) listed.push(model.id);
    expect(listed).toEqual(expect.arrayContaining(["scripted-1", "scripted-small"]));

    await page.goto("/assistants/new");
    const model = page.getByRole("combobox", { name: "Model", exact: true });
    await model.focus();
    await model.press("ArrowDown");
    const suggestions = page.getByRole("listbox", { name: "Model suggestions" });
    await expect(suggestions).toBeVisible();
    for (const id of listed) {
      await expect(suggestions.getByRole("option", { name: new RegExp(`^${id} `) })).toContainText("default provider");
    }

    // Typing filters; ↓ then Enter picks.
    await model.fill("small");
    await expect(suggestions.getByRole("option")).toHaveCount(1);
    await model.press("ArrowDown");
    await expect(suggestions.getByRole("option", { name: /^scripted-small / })).toHaveAttribute("aria-selected", "true");
    await model.press("Enter");
    await expect(model).toHaveValue("scripted-small");
    await expect(suggestions).toBeHidden();
    // Escape closes the list without changing the value.
    await model.press("ArrowDown");
    await expect(suggestions).toBeVisible();
    await model.press("Escape");
    await expect(suggestions).toBeHidden();
    await expect(model).toHaveValue("scripted-small");
  });
});
