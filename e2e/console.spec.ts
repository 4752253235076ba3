import { expect, test } from "./fixtures";

// The console as a person sees it: the shell and its navigation, and assistants made through the
// API showing up in the list (the UI renders the API's own objects, DESIGN.md rule 3).

const SECTIONS = [
  { name: "Assistants", path: "/assistants" },
  { name: "Playground", path: "/playground" },
  { name: "Files", path: "/files" },
  { name: "Vector stores", path: "/vector-stores" },
  { name: "Settings", path: "/settings" },
] as const;

test.describe("console", () => {
  test("opens on Assistants inside the shell with its main navigation", async ({ ownerPage: page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/assistants$/);

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    for (const { name, path } of SECTIONS) {
      const link = nav.getByRole("link", { name, exact: true });
      await expect(link).toBeVisible();
      await expect(link).toHaveAttribute("href", path);
    }
    await expect(nav.getByRole("link", { name: "Assistants", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Assistants" })).toBeVisible();
    await expect(page).toHaveTitle(/Assistants · Atelier/);
  });

  test("lists an assistant created through the API with its model and metadata", async ({ ownerPage: page, api, uniqueName }) => {
    await page.goto("/assistants");
    await expect(page.getByRole("heading", { level: 1, name: "Assistants" })).toBeVisible();

    const name = uniqueName("assistant");
    const model = "gpt-4o-mini";
    const tag = `run-${Date.now().toString(36)}`;
    const created = await api.beta.assistants.create({
      name,
      model,
      instructions: "Answer in one sentence.",
      metadata: { suite: "e2e", tag },
    });
    expect(created.id).toMatch(/^asst_/);
    expect(created).toMatchObject({ object: "assistant", name, model, metadata: { suite: "e2e", tag } });

    await page.reload();

    const table = page.getByRole("table", { name: /assistants/i });
    await expect(table).toBeVisible();
    const row = table.getByRole("row").filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(created.id);
    await expect(row.getByRole("cell", { name: model, exact: true })).toBeVisible();
    // Metadata chips read `key=value`.
    await expect(row.getByRole("listitem").filter({ hasText: "suite=e2e" })).toBeVisible();
    await expect(row.getByRole("listitem").filter({ hasText: `tag=${tag}` })).toBeVisible();
  });

  test("navigates to Settings from the main navigation", async ({ ownerPage: page }) => {
    await page.goto("/assistants");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Settings", exact: true }).click();

    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Assistants", exact: true })).not.toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: "Workspace" })).toBeVisible();
    await expect(page).toHaveTitle(/Settings · Atelier/);
    // The specs' server has no ATELIER_EMBEDDING_MODEL; what it says of pgvector depends on the database.
    await expect(page.getByRole("region", { name: "File search" })).toContainText(/Semantic search: off: no embedding model configured/);
  });
});
