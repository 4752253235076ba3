import { toFile } from "openai";
import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, storedMessages } from "./playground-helpers";

// Files in the playground: attached to a message from the paperclip (a workspace file picked by
// name, a new one uploaded there), they reach the API as the message's `attachments`, which puts
// them in the thread's own vector store; the scripted model's `[[search: …]]` then calls file_search
// and `[[cite]]` answers quoting the results with their markers, which the chat shows as numbered
// footnotes that open the chunk they quote. The run inspector shows the search's query and scores.

test.describe("playground files", () => {
  test("attach files to a message, see the reply's citations as footnotes, and open the quoted chunk", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    // Two uploads, ingestion of both and a two-call run: more than the default 30 s on a busy machine.
    test.setTimeout(90_000);
    const stem = uniqueName("attach").replace(/\W+/g, "-");
    const otters = `${stem}-otters.txt`;
    const fur = `${stem}-fur.md`;
    const unused = `${stem}-unused.txt`;
    const existing = await api.files.create({ file: await toFile(Buffer.from("Sea otters hold hands while they sleep so that they do not drift apart."), otters), purpose: "assistants" });
    await api.files.create({ file: await toFile(Buffer.from("Nothing to see."), unused), purpose: "assistants" });
    const id = await createAssistant(api, uniqueName("attach"), { tools: [{ type: "file_search", file_search: { ranking_options: { ranker: "auto", score_threshold: 0 } } }] });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/assistants/${id}/playground`);

    // A workspace file picked by name, and a new one uploaded from the same popover.
    await page.getByRole("button", { name: "Attach files" }).click();
    const popover = page.getByRole("dialog", { name: "Attach files" });
    await popover.getByLabel("Find a file").fill(stem);
    const matches = popover.getByRole("listbox", { name: "Matching files" }).getByRole("option");
    await expect(matches).toHaveCount(2);
    await matches.filter({ hasText: otters }).click();
    await popover.getByLabel("Upload new files").setInputFiles({ name: fur, mimeType: "text/markdown", buffer: Buffer.from("# Fur\n\nSea otters have the densest fur of any animal.\n") });
    await expect(popover.getByRole("listitem", { name: fur })).toContainText("Uploaded");
    await popover.getByLabel("Find a file").fill(unused);
    await matches.filter({ hasText: unused }).click();
    await expect(popover).toContainText("3 of 20 files");
    await popover.getByRole("button", { name: "Done" }).click();

    // Attached files are chips above the message box; one is taken off again.
    const chips = page.getByRole("list", { name: "Files to attach" });
    await expect(chips.getByRole("listitem")).toHaveText([new RegExp(otters), new RegExp(fur), new RegExp(unused)]);
    await chips.getByRole("button", { name: `Remove ${unused}` }).click();
    await expect(chips.getByRole("listitem")).toHaveCount(2);
    await expect(page.getByRole("button", { name: "Attach files (2 attached)" })).toBeVisible();

    await send(page, "[[search: otters hold hands]] [[cite: From the files]]");
    const reply = lastReply(page);
    await expect(reply).toHaveAttribute("data-status", "completed");
    await expect(chips).toBeHidden();
    // The sent message lists its files by name.
    await expect(page.getByRole("article", { name: "Your message" }).last().getByRole("list", { name: "Attached files" })).toContainText(otters);

    // The markers became numbered references with footnotes under the reply.
    const sources = reply.getByRole("list", { name: "Sources" });
    await expect(sources).toContainText(otters);
    const ref = reply.getByRole("button", { name: new RegExp(`^Source \\d+: ${otters}$`) });
    await expect(ref).toHaveText(/^\[\d+\]$/);
    await expect(reply).not.toContainText("【");
    await testInfo.attach("citations-1440x900", { body: await page.screenshot(), contentType: "image/png" });
    await ref.click();
    const dialog = page.getByRole("dialog", { name: new RegExp(`^Source \\[\\d+\\]: ${otters}$`) });
    await expect(dialog.getByLabel("Quoted text")).toContainText("Sea otters hold hands while they sleep");
    await expect(dialog).toContainText(existing.id);
    await expect(dialog).toContainText("searched for “otters hold hands”");
    await testInfo.attach("citation-dialog", { body: await page.screenshot(), contentType: "image/png" });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    // What the API stored: the message's attachments, and the citations on the reply.
    const [message, answer] = await storedMessages(page, api);
    const attachments = message!.attachments ?? [];
    expect(attachments.map((attachment) => attachment.tools)).toEqual([[{ type: "file_search" }], [{ type: "file_search" }]]);
    expect(attachments[0]!.file_id).toBe(existing.id);
    const text = answer!.content[0]!;
    expect(text.type === "text" && text.text.annotations.some((annotation) => annotation.type === "file_citation" && annotation.file_citation.file_id === existing.id)).toBe(true);

    // The run inspector shows the search: its query, and each result with its score.
    const inspector = page.getByRole("tabpanel", { name: "Run inspector" });
    const call = inspector.getByRole("listitem", { name: /^file_search call / });
    await expect(call).toContainText("otters hold hands");
    const results = call.getByRole("list", { name: "Search results" });
    await expect(results).toContainText(otters);
    await expect(results).toContainText(/score \d\.\d{3}/);
  });
});
