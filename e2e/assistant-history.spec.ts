import { expect, test } from "./fixtures";

// An assistant's history as people use it: two edits in the editor (one with a note), the diff of
// version 1 and version 3 field by field, version 1 restored as version 4, a label set and shown in
// the assistants list. Versions made through the API show as such.

test.describe("assistant history", () => {
  test("edit twice, diff v1 and v3, restore v1, label it", async ({ ownerPage: page, api, uniqueName }) => {
    const name = uniqueName("history");
    const { id } = await api.beta.assistants.create({ model: "scripted-1", name, description: "Original", instructions: "Answer briefly.\nBe kind." });

    await page.goto(`/assistants/${id}`);
    await expect(page.getByRole("status").filter({ hasText: "No changes · version 1" })).toBeVisible();
    await page.getByLabel("Description", { exact: true }).fill("First edit");
    await page.getByLabel("Version note").fill("Say what it is for");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Saved at .* as version 2asst_/ })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(`${name} renamed`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: /as version 3asst_/ })).toBeVisible();

    await page.getByRole("link", { name: "History: version 3" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `History of ${name} renamed` })).toBeVisible();
    const versions = page.getByRole("list", { name: "Versions" });
    await expect(versions.getByRole("listitem", { name: /^Version \d$/ })).toHaveCount(3);
    await expect(versions.getByRole("listitem", { name: "Version 2" })).toContainText("Say what it is for");
    await expect(versions.getByRole("listitem", { name: "Version 1" })).toContainText("API");
    await expect(versions.getByRole("listitem", { name: "Version 3" })).toContainText("console");

    // Version 1 against version 3: the two fields that changed, before and after.
    await page.getByLabel("From", { exact: true }).selectOption("1");
    await page.getByLabel("To", { exact: true }).selectOption("3");
    const changed = page.getByRole("list", { name: "Changed fields" });
    await expect(changed.getByRole("listitem")).toHaveCount(2);
    await expect(changed.getByRole("listitem", { name: "name" })).toContainText(`${name} renamed`);
    await expect(changed.getByRole("listitem", { name: "description" })).toContainText("Original");
    await expect(changed.getByRole("listitem", { name: "description" })).toContainText("First edit");

    // Restore version 1: a new version 4 equal to it.
    const first = versions.getByRole("listitem", { name: "Version 1" });
    await first.getByRole("button", { name: "Restore version 1…" }).click();
    await first.getByRole("group", { name: "Restore version 1?" }).getByRole("button", { name: "Restore version 1" }).click();
    await expect(versions.getByRole("listitem", { name: "Version 4" })).toContainText("Restored version 1");
    await expect(versions.getByRole("listitem", { name: "Version 4" })).toContainText("current");
    expect(await api.beta.assistants.retrieve(id)).toMatchObject({ name, description: "Original", version: 4 });
    await page.getByLabel("From", { exact: true }).selectOption("1");
    await page.getByLabel("To", { exact: true }).selectOption("4");
    await expect(page.getByText("These versions are the same.")).toBeVisible();

    // A label on version 1, shown in the list of assistants.
    await versions.getByRole("listitem", { name: "Version 1" }).getByLabel("Label for version 1").fill("production");
    await versions.getByRole("listitem", { name: "Version 1" }).getByRole("button", { name: "Set label" }).click();
    await expect(versions.getByRole("listitem", { name: "Version 1" })).toContainText("production now points at version 1.");
    await page.goto(`/assistants?q=${encodeURIComponent(name)}`);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByRole("link", { name: `Version 4: history of ${name}` })).toBeVisible();
    await expect(row.getByRole("list", { name: "Labels" })).toContainText("production");
  });
});
