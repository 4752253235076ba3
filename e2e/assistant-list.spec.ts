import { expect, test } from "./fixtures";

// The assistants list: search by name, filter by model and metadata (kept in the URL), duplicate,
// and delete behind a "cannot be undone" confirmation.

test("searches, filters, duplicates and deletes from the list", async ({ ownerPage: page, api, uniqueName }) => {
  const tag = uniqueName("tag").replace(/\W+/g, "-");
  const alpha = await api.beta.assistants.create({ model: "gpt-4o-mini", name: uniqueName("Alpha"), metadata: { run: tag, kind: "a" } });
  const beta = await api.beta.assistants.create({ model: "qwen-plus", name: uniqueName("Beta"), metadata: { run: tag, kind: "b" } });

  await page.goto("/assistants");
  await page.getByLabel("Metadata (key=value)").fill(`run=${tag}`);
  await page.getByLabel("Metadata (key=value)").press("Enter");
  await expect(page).toHaveURL(new RegExp(`meta=run%3D${tag}`));
  const table = page.getByRole("table", { name: "Assistants" });
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2
  await expect(page.getByRole("status").filter({ hasText: "2 assistants match" })).toBeVisible();

  await page.getByLabel("Model").selectOption("qwen-plus");
  await expect(table.getByRole("row").filter({ hasText: beta.id })).toHaveCount(1);
  await expect(table.getByRole("row").filter({ hasText: alpha.id })).toHaveCount(0);
  await page.getByLabel("Model").selectOption("");

  await page.getByLabel("Search by name").fill(alpha.name!.toUpperCase());
  await expect(table.getByRole("row").filter({ hasText: beta.id })).toHaveCount(0);
  await expect(table.getByRole("row").filter({ hasText: alpha.id })).toHaveCount(1);
  // Filters live in the URL: a reload keeps them.
  await page.reload();
  await expect(page.getByLabel("Search by name")).toHaveValue(alpha.name!.toUpperCase());
  await expect(table.getByRole("row").filter({ hasText: alpha.id })).toHaveCount(1);

  await page.getByRole("button", { name: `Duplicate ${alpha.name}` }).click();
  await expect(page).toHaveURL(/\/assistants\/asst_/);
  await expect(page.getByRole("heading", { level: 1, name: `${alpha.name} (copy)` })).toBeVisible();

  await page.goto(`/assistants?meta=run%3D${tag}`);
  const row = page.getByRole("row").filter({ hasText: beta.id });
  await row.getByRole("button", { name: `Delete ${beta.name}` }).click();
  await expect(row.getByText("Deleting cannot be undone.")).toBeVisible();
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: beta.id })).toHaveCount(0);
  await expect(api.beta.assistants.retrieve(beta.id)).rejects.toThrow();
  await expect(page.getByRole("status").filter({ hasText: "2 assistants match" })).toBeVisible(); // alpha and its copy
});
