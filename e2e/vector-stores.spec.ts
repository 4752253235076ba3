import { toFile } from "openai";
import type OpenAI from "openai";
import { expect, test } from "./fixtures";

// The Vector stores pages: create a store, upload files into it (the browser uploads to
// POST /api/v1/files, then the page adds them), watch ingestion finish without reloading (the page
// polls while a file is in progress), search it with the tester (fused score, keyword and semantic
// parts; tuning re-runs the search in place), remove a file, delete the store. No embedding model
// is configured for the app under test, so the semantic part shows "off".

const PARAGRAPHS = [
  "Otters eat sea urchins, crabs, clams and slow fish. An adult otter eats about a quarter of its weight every day, so otters spend hours diving for food in cold kelp forests along the coast.",
  "Otters hold hands while they sleep so that they do not drift apart on the tide. A group of otters resting together on the water is called a raft, and a raft can hold more than a hundred animals.",
  "The keeper's favourite flower is the marigold, planted in orange rows beside the otter pool. Every spring the marigold beds are replanted before visitors return to watch the otters play.",
  "Otter fur is the densest of any animal, with up to a million hairs per square inch. Otters groom for hours each day to trap air in their fur, which keeps them warm without any blubber.",
];

async function cleanUp(api: OpenAI, stem: string): Promise<void> {
  for (const store of (await api.vectorStores.list({ limit: 100 })).data.filter((item) => item.name?.startsWith(stem))) await api.vectorStores.delete(store.id).catch(() => {});
  for (const file of (await api.files.list()).data.filter((item) => item.filename.startsWith(stem))) await api.files.delete(file.id).catch(() => {});
}

test.describe("vector stores", () => {
  test("create a store, upload into it, watch ingestion, search it, remove the file, delete the store", async ({ ownerPage: page, api, uniqueName }) => {
    test.setTimeout(90_000);
    const stem = uniqueName("vs").replace(/\W+/g, "-");
    const name = `${stem} handbook`;
    const notes = `${stem}-otters.md`;
    const binary = `${stem}-blob.bin`;
    try {
      await page.goto("/vector-stores");
      await expect(page.getByRole("heading", { level: 1, name: "Vector stores" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Vector stores" })).toHaveAttribute("aria-current", "page");

      // Create: a bad expiry is refused on its field and nothing is made; then a good one.
      await page.getByRole("button", { name: "New vector store" }).click();
      const dialog = page.getByRole("dialog", { name: "New vector store" });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByLabel("Expires after (days)").fill("0");
      await dialog.getByRole("button", { name: "Create vector store" }).click();
      await expect(dialog.getByText("must be between 1 and 365")).toBeVisible();
      await dialog.getByLabel("Expires after (days)").fill("7");
      await dialog.getByRole("button", { name: "Create vector store" }).click();
      await expect(page).toHaveURL(/\/vector-stores\/vs_[0-9A-Za-z]+$/);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      const storeId = page.url().split("/").at(-1)!;
      expect(await api.vectorStores.retrieve(storeId)).toMatchObject({ name, expires_after: { anchor: "last_active_at", days: 7 }, file_counts: { total: 0 } });
      const details = page.getByRole("region", { name: "Store details" });
      await expect(details).toContainText("0 files");
      await expect(details).toContainText("7 days after last use");

      // Upload two files into it, chunked 100/20: Markdown that ingests, and bytes that are not text.
      const add = page.getByRole("region", { name: "Add files" });
      await add.getByRole("radio", { name: "Static" }).check();
      await add.getByLabel("Max chunk size (tokens)").fill("100");
      await add.getByLabel("Chunk overlap (tokens)").fill("20");
      await add.getByLabel("Choose files").setInputFiles([
        { name: notes, mimeType: "text/markdown", buffer: Buffer.from(`# Otters\n\n${PARAGRAPHS.join("\n\n")}\n`) },
        { name: binary, mimeType: "application/octet-stream", buffer: Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8]) },
      ]);
      const uploads = add.getByRole("list", { name: "Uploads" });
      await expect(uploads.getByRole("listitem", { name: notes })).toContainText("Uploaded");
      await expect(uploads.getByRole("listitem", { name: binary })).toContainText("Uploaded");

      // The page follows ingestion by itself: completed with its chunks, or failed with last_error.
      const table = page.getByRole("table", { name: "Files in this store" });
      const notesRow = table.getByRole("row").filter({ hasText: notes });
      const binaryRow = table.getByRole("row").filter({ hasText: binary });
      await expect(notesRow.getByRole("cell").nth(1)).toHaveText("completed", { timeout: 30_000 });
      const chunks = Number(await notesRow.getByRole("cell").nth(2).textContent());
      expect(chunks).toBeGreaterThan(1);
      await expect(notesRow.getByRole("cell").nth(3)).not.toHaveText("0 bytes");
      await expect(notesRow).toContainText("100/20 tokens");
      await expect(binaryRow.getByRole("cell").nth(1)).toContainText("failed", { timeout: 30_000 });
      const storeFiles = (await api.vectorStores.files.list(storeId)).data;
      const failed = storeFiles.find((file) => file.status === "failed");
      expect(failed?.last_error?.message).toBeTruthy();
      await expect(binaryRow).toContainText(failed!.last_error!.message);
      await expect(details).toContainText("2 files · 1 failed");

      // The search tester: ranked chunks with their score and its parts.
      const tester = page.getByRole("region", { name: "Search tester" });
      const results = tester.getByRole("list", { name: "Search results" }).getByRole("listitem");
      await tester.getByLabel("Query").fill("marigold");
      await expect(results.first()).toContainText("marigold");
      await expect(results.first()).toContainText(notes);
      await expect(results.first()).toContainText(/Score 0\.\d{3}/);
      await expect(results.first()).toContainText(/Keyword 0\.\d{3}/);
      await expect(results.first()).toContainText("Semantic off");
      await expect(tester.getByRole("status")).toContainText("semantic ranking is off");

      // Tuning searches again in place (no navigation: a mark left on the window survives).
      await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
      await tester.getByLabel("Query").fill("otters");
      await expect.poll(() => results.count()).toBeGreaterThan(1);
      await tester.getByLabel("Max results").fill("1");
      await expect(results).toHaveCount(1);
      await tester.getByLabel("Max results").fill("0");
      await expect(tester.getByText("must be between 1 and 50")).toBeVisible();
      await tester.getByLabel("Max results").fill("10");
      await tester.getByLabel("Score threshold").fill("0.99");
      await expect(tester.getByRole("status")).toContainText("No chunks");
      await expect(results).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

      // Remove the Markdown file: out of the store, still in Files.
      await notesRow.getByRole("button", { name: `Remove ${notes} from this store` }).click();
      await notesRow.getByRole("button", { name: "Remove file" }).click();
      await expect(table.getByRole("row").filter({ hasText: notes })).toHaveCount(0);
      const notesId = storeFiles.find((file) => file.status === "completed")!.id;
      await expect(api.vectorStores.files.retrieve(notesId, { vector_store_id: storeId })).rejects.toThrow(/404/);
      expect((await api.files.retrieve(notesId)).filename).toBe(notes);

      // Delete the store, after a confirmation that names it.
      await page.getByRole("button", { name: `Delete vector store ${name}` }).click();
      const confirm = page.getByRole("dialog", { name: `Delete ${name}?` });
      await expect(confirm).toContainText("Files stay in Files");
      await confirm.getByRole("button", { name: "Delete vector store" }).click();
      await expect(page).toHaveURL(/\/vector-stores$/);
      await expect(page.getByRole("link", { name })).toHaveCount(0);
      await expect(api.vectorStores.retrieve(storeId)).rejects.toThrow(/404/);
    } finally {
      await cleanUp(api, stem);
    }
  });

  test("a viewer sees stores and searches them, with nothing to change", async ({ api, uniqueName, inviteMember }) => {
    test.setTimeout(60_000);
    const stem = uniqueName("vs-viewer").replace(/\W+/g, "-");
    try {
      const file = await api.files.create({ file: await toFile(Buffer.from(PARAGRAPHS.join("\n\n")), `${stem}.txt`), purpose: "assistants" });
      const store = await api.vectorStores.create({ name: `${stem} store`, file_ids: [file.id] });
      await expect.poll(async () => (await api.vectorStores.files.retrieve(file.id, { vector_store_id: store.id })).status, { timeout: 30_000 }).toBe("completed");

      const { page } = await inviteMember("viewer");
      await page.goto("/vector-stores");
      await expect(page.getByRole("button", { name: "New vector store" })).toHaveCount(0);
      await page.getByRole("link", { name: `${stem} store` }).click();
      await expect(page.getByRole("heading", { level: 1, name: `${stem} store` })).toBeVisible();
      const row = page.getByRole("table", { name: "Files in this store" }).getByRole("row").filter({ hasText: `${stem}.txt` });
      await expect(row.getByRole("cell").nth(1)).toHaveText("completed");
      await expect(row.getByRole("button")).toHaveCount(0);
      await expect(page.getByRole("region", { name: "Add files" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
      const tester = page.getByRole("region", { name: "Search tester" });
      await tester.getByLabel("Query").fill("raft");
      await expect(tester.getByRole("list", { name: "Search results" }).getByRole("listitem").first()).toContainText("raft");
    } finally {
      await cleanUp(api, stem);
    }
  });
});
