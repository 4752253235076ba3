import { toFile } from "openai";
import { expect, test } from "./fixtures";

// The Files page: uploads stream to POST /api/v1/files from the browser (XMLHttpRequest, for its
// progress events) under the console session; each file has its own progress bar and outcome. The
// list is server-rendered; preview shows the extracted text; delete asks first. The app under test
// allows files of up to 4 MiB (playwright.config.ts), so a refusal can be seen for real.

const MAX_FILE_BYTES = 4 * 1024 * 1024;

test.describe("files", () => {
  test("upload with progress: two files by the picker, one by drag and drop, then preview and delete", async ({ ownerPage: page, api, uniqueName }) => {
    const stem = uniqueName("file").replace(/\W+/g, "-");
    const notes = `${stem}-notes.md`;
    const data = `${stem}-data.csv`;
    const dropped = `${stem}-dropped.txt`;
    try {
      await page.goto("/files");
      await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Files" })).toHaveAttribute("aria-current", "page");

      // Uploads held to 1 MiB/s (Chromium's network emulation), so the bar is seen on its way.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
      await page.getByLabel("Purpose").selectOption("user_data");
      await page.getByLabel("Choose files").setInputFiles([
        { name: notes, mimeType: "text/markdown", buffer: Buffer.from(`# Notes\n\nThe launch code word is ${stem}-marigold.\n`) },
        // Large enough that progress is reported on the way (1.5 MiB).
        { name: data, mimeType: "text/csv", buffer: Buffer.from("id,value\n" + "1,abcdefghijklmnopqrstuvwxyz\n".repeat(56_000)) },
      ]);
      const uploads = page.getByRole("list", { name: "Uploads" });
      await expect(uploads.getByRole("progressbar", { name: `Upload of ${data}` })).toHaveAttribute("aria-valuenow", /^[1-9][0-9]?$/);
      for (const name of [notes, data]) {
        const item = uploads.getByRole("listitem", { name });
        await expect(item.getByRole("progressbar", { name: `Upload of ${name}` })).toHaveAttribute("aria-valuenow", "100");
        await expect(item).toContainText("Uploaded");
      }
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      const table = page.getByRole("table", { name: "Files" });
      const notesRow = table.getByRole("row").filter({ hasText: notes });
      const dataRow = table.getByRole("row").filter({ hasText: data });
      await expect(notesRow).toContainText("user_data");
      await expect(dataRow).toContainText("1.5 MiB");
      await expect(notesRow).toContainText("Stored");

      // Drag and drop: a drop event carrying a DataTransfer with one file.
      await page.getByLabel("Purpose").selectOption("assistants");
      const transfer = await page.evaluateHandle((name) => {
        const dataTransfer = new DataTransfer();
        dataTransfer.items.add(new File(["dropped into the zone"], name, { type: "text/plain" }));
        return dataTransfer;
      }, dropped);
      await page.getByRole("region", { name: "Drop files here" }).dispatchEvent("drop", { dataTransfer: transfer });
      await expect(uploads.getByRole("listitem", { name: dropped })).toContainText("Uploaded");
      await expect(table.getByRole("row").filter({ hasText: dropped })).toContainText("assistants");

      // Every upload is the API's file, as the SDK sees it.
      const listed = await api.files.list();
      const ours = listed.data.filter((file) => file.filename.startsWith(stem));
      expect(ours.map((file) => [file.filename, file.purpose]).sort()).toEqual(
        [
          [data, "user_data"],
          [dropped, "assistants"],
          [notes, "user_data"],
        ].sort(),
      );

      // Preview: the text extracted from the Markdown file.
      await notesRow.getByRole("button", { name: `Preview ${notes}` }).click();
      const preview = page.getByRole("dialog", { name: `Text of ${notes}` });
      await expect(preview.getByLabel("Extracted text")).toContainText(`The launch code word is ${stem}-marigold.`);
      await preview.getByRole("button", { name: "Close" }).click();
      await expect(preview).toBeHidden();

      // Delete asks first, naming the file; Cancel keeps it.
      await notesRow.getByRole("button", { name: `Delete ${notes}` }).click();
      const confirm = page.getByRole("dialog", { name: `Delete ${notes}?` });
      await expect(confirm).toContainText("It is in no vector store.");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect(confirm).toBeHidden();
      await expect(notesRow).toBeVisible();
      await notesRow.getByRole("button", { name: `Delete ${notes}` }).click();
      await confirm.getByRole("button", { name: "Delete file" }).click();
      await expect(table.getByRole("row").filter({ hasText: notes })).toHaveCount(0);
      const notesId = ours.find((file) => file.filename === notes)!.id;
      await expect(api.files.retrieve(notesId)).rejects.toThrow(/404/);
    } finally {
      for (const file of (await api.files.list()).data.filter((item) => item.filename.startsWith(stem))) await api.files.delete(file.id).catch(() => {});
    }
  });

  test("a file over the server's limit fails on its own, in the API's words, while the other uploads", async ({ ownerPage: page, api, uniqueName, pageProblems }) => {
    pageProblems.allow(/413/, "the oversized upload is refused by the API");
    const stem = uniqueName("limit").replace(/\W+/g, "-");
    try {
      await page.goto("/files");
      await page.getByLabel("Choose files").setInputFiles([
        { name: `${stem}-big.txt`, mimeType: "text/plain", buffer: Buffer.alloc(MAX_FILE_BYTES + 512 * 1024, "a") },
        { name: `${stem}-small.txt`, mimeType: "text/plain", buffer: Buffer.from("small enough") },
      ]);
      const uploads = page.getByRole("list", { name: "Uploads" });
      const big = uploads.getByRole("listitem", { name: `${stem}-big.txt` });
      await expect(big).toContainText("Failed");
      await expect(big.getByRole("alert")).toHaveText("The file is larger than the 4 MiB a file may have here (ATELIER_MAX_FILE_BYTES).");
      await expect(uploads.getByRole("listitem", { name: `${stem}-small.txt` })).toContainText("Uploaded");
      const table = page.getByRole("table", { name: "Files" });
      await expect(table.getByRole("row").filter({ hasText: `${stem}-small.txt` })).toHaveCount(1);
      await expect(table.getByRole("row").filter({ hasText: `${stem}-big.txt` })).toHaveCount(0);
    } finally {
      for (const file of (await api.files.list()).data.filter((item) => item.filename.startsWith(stem))) await api.files.delete(file.id).catch(() => {});
    }
  });

  test("a viewer can preview but is offered no upload or delete", async ({ api, uniqueName, inviteMember }) => {
    const name = `${uniqueName("viewer").replace(/\W+/g, "-")}.txt`;
    const file = await api.files.create({ file: await toFile(Buffer.from("read-only eyes"), name), purpose: "assistants" });
    try {
      const { page } = await inviteMember("viewer");
      await page.goto("/files");
      await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
      const row = page.getByRole("table", { name: "Files" }).getByRole("row").filter({ hasText: name });
      await expect(row).toBeVisible();
      await expect(page.getByLabel("Choose files")).toHaveCount(0);
      await expect(page.getByRole("region", { name: "Drop files here" })).toHaveCount(0);
      await expect(row.getByRole("button", { name: `Delete ${name}` })).toHaveCount(0);
      await row.getByRole("button", { name: `Preview ${name}` }).click();
      await expect(page.getByRole("dialog", { name: `Text of ${name}` }).getByLabel("Extracted text")).toHaveText("read-only eyes");
    } finally {
      await api.files.delete(file.id).catch(() => {});
    }
  });
});
