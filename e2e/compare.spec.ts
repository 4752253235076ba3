import type OpenAI from "openai";
import { expect, test } from "./fixtures";
import { createAssistant, WEATHER } from "./playground-helpers";

// The compare view (issue 21) as people use it: three columns (versions 1 and 2 and a draft on
// another model) get one message and stream at once, each in a thread of its own, answer the
// model's tool calls together with the saved mock outputs, have their replies diffed, and the
// draft becomes version 3. Model prices: set in Settings → Providers, a run's cost then shows.

type RunWithTimings = OpenAI.Beta.Threads.Run & { assistant_version: number; timings: { created_at: number; ended_at: number | null } };

const threadOf = async (column: import("@playwright/test").Locator) => new URL((await column.getByRole("link", { name: "Open in playground" }).getAttribute("href"))!, "http://x").searchParams.get("thread")!;

test.describe("compare", () => {
  test("three variants stream side by side, answer tools together, diff, and one becomes a version", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    test.setTimeout(90_000);
    const id = await createAssistant(api, uniqueName("compare"), {
      instructions: "Version one.",
      temperature: 0.2,
      tools: [WEATHER],
      mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } },
    });
    await api.beta.assistants.update(id, { instructions: "Version two.", temperature: 0.9 });
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`/assistants/${id}/playground`);
    await page.getByRole("link", { name: "Compare", exact: true }).click();
    await expect(page.getByRole("heading", { name: /Compare 2 variants/ })).toBeVisible();
    await page.waitForLoadState("networkidle");

    await page.getByRole("button", { name: "Add column" }).click();
    const columns = [1, 2, 3].map((n) => page.getByRole("region", { name: `Column ${n}`, exact: true }));
    await columns[0]!.getByLabel("Variant of column 1").selectOption("v:1");
    await columns[1]!.getByLabel("Variant of column 2").selectOption("v:2");
    await expect(columns[2]!.getByLabel("Variant of column 3")).toHaveValue("draft");
    await columns[2]!.getByText("Overrides · none").click();
    await columns[2]!.getByLabel("Model", { exact: true }).fill("scripted-small");
    await expect(columns[2]!.getByText("Overrides: model")).toBeVisible();
    await expect(columns[2]!.getByRole("heading", { level: 2 })).toHaveText("3. Draft · scripted-small");

    // One message, three runs at once: each answers with what it was asked with. The model takes
    // a while to start, so runs that all start within it overlap even on a loaded machine.
    await page.getByLabel("Message", { exact: true }).fill("[[echo]] [[first-delay: 1500]] [[delay: 40]]");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await expect(columns[0]!.getByRole("article", { name: "Assistant reply" })).toContainText("model scripted-1, temperature 0.2, instructions: Version one.");
    await expect(columns[1]!.getByRole("article", { name: "Assistant reply" })).toContainText("model scripted-1, temperature 0.9, instructions: Version two.");
    await expect(columns[2]!.getByRole("article", { name: "Assistant reply" })).toContainText("model scripted-small, temperature 0.9, instructions: Version two.");
    for (const column of columns) await expect(column.getByRole("definition").first()).not.toHaveText("–");
    await testInfo.attach("compare-1600x1000", { body: await page.screenshot(), contentType: "image/png" });

    // Real threads, titled after their variant; the runs overlapped in time and are pinned.
    const threads = await Promise.all(columns.map(threadOf));
    expect(new Set(threads).size).toBe(3);
    expect((await api.beta.threads.retrieve(threads[0]!)).metadata).toMatchObject({ title: "Compare · v1" });
    const runs = await Promise.all(threads.map(async (thread) => (await api.beta.threads.runs.list(thread)).data[0] as RunWithTimings));
    expect(runs.map((run) => [run.assistant_version, run.model])).toEqual([[1, "scripted-1"], [2, "scripted-1"], [2, "scripted-small"]]);
    const latestStart = Math.max(...runs.map((run) => run.timings.created_at));
    testInfo.annotations.push({ type: "runs started within", description: `${latestStart - Math.min(...runs.map((run) => run.timings.created_at))} ms` });
    const firstEnd = Math.min(...runs.map((run) => run.timings.ended_at!));
    expect(latestStart, "every run started before any ended: they streamed at once").toBeLessThan(firstEnd);

    // Versions 1 and 2 answered differently, word by word.
    await page.getByRole("button", { name: "Diff replies" }).click();
    const diff = page.getByTestId("reply-diff");
    await expect(diff.locator("del").first()).toBeVisible();
    expect((await diff.locator("del").allTextContents()).join(" ")).toContain("one");
    expect((await diff.locator("ins").allTextContents()).join(" ")).toContain("two");
    await page.getByRole("button", { name: "Diff replies" }).click();

    // A tool call in every column, answered in one go with the saved mock output.
    await page.getByLabel("Message", { exact: true }).fill('[[tool: get_weather {"city": "Oslo"}]]');
    await page.getByLabel("Message", { exact: true }).press("Enter");
    // Each column's run waits for its outputs (its card offers to submit them).
    for (const column of columns) await expect(column.getByRole("button", { name: "Submit output" })).toBeVisible();
    await page.getByRole("button", { name: "Answer all with mock outputs" }).click();
    await expect(page.getByText("Answered the tool calls of 3 columns with the saved mock outputs.")).toBeVisible();
    for (const column of columns) await expect(column.getByRole("article", { name: "Assistant reply" }).last()).toContainText('{"temp": 21}');

    // The draft becomes the next version.
    await columns[2]!.getByRole("button", { name: "Save as new version" }).click();
    await expect(columns[2]!.getByRole("status").filter({ hasText: "version 3" })).toHaveText("Saved as version 3.");
    await expect(columns[2]!.getByRole("heading", { level: 2 })).toHaveText("3. v3");
    expect(await api.beta.assistants.retrieve(id)).toMatchObject({ model: "scripted-small", instructions: "Version two.", version: 3 });
    // Saving it again changes nothing.
    await columns[2]!.getByRole("button", { name: "Save as new version" }).click();
    await expect(columns[2]!.getByRole("status").filter({ hasText: "version 3" })).toHaveText("No change: this is version 3.");
  });

  test("a word diff of two different replies", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("compare-diff"), { instructions: "The sky is clear today." });
    await page.goto(`/assistants/${id}/compare`);
    await page.waitForLoadState("networkidle");
    const second = page.getByRole("region", { name: "Column 2", exact: true });
    await second.getByText("Overrides · none").click();
    await second.getByLabel("Instructions").fill("The sky is cloudy today.");
    await page.getByLabel("Message", { exact: true }).fill("[[echo]]");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await expect(page.getByRole("article", { name: "Assistant reply" })).toHaveCount(2);
    await page.getByRole("button", { name: "Diff replies" }).click();
    const diff = page.getByTestId("reply-diff");
    await expect(diff.locator("del")).toHaveText("clear");
    await expect(diff.locator("ins")).toHaveText("cloudy");

    // A reload finds the comparison as it was: its columns, their variants and their threads.
    await page.reload();
    await expect(page.getByRole("article", { name: "Assistant reply" })).toHaveCount(2);
    await expect(second.getByText("Overrides: instructions")).toBeVisible();
    await expect(second.getByRole("article", { name: "Assistant reply" })).toContainText("The sky is cloudy today.");
    // A new comparison starts new threads with the same variants.
    await page.getByRole("button", { name: "New comparison" }).click();
    await expect(page.getByRole("article", { name: "Assistant reply" })).toHaveCount(0);
    await expect(second.getByText("Overrides: instructions")).toBeVisible();
  });

  test("columns scroll together until Sync scroll is off", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("compare-scroll"));
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.goto(`/assistants/${id}/compare`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Message", { exact: true }).fill("[[tokens: 600]]");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await expect(page.getByRole("article", { name: "Assistant reply" })).toHaveCount(2);
    await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
    const [first, second] = [1, 2].map((n) => page.getByRole("log", { name: `Conversation of column ${n}` }));
    const top = (log: typeof first) => log!.evaluate((element) => element.scrollTop);
    // Both end at the bottom; scrolling one to the top takes the other along.
    await expect.poll(() => top(second)).toBeGreaterThan(100);
    // Scrolled again until it holds: a column still following its just-finished reply to the bottom
    // (its last rows render a moment after Send is back) may move once more on its own.
    await expect
      .poll(async () => {
        await first!.evaluate((element) => element.scrollTo({ top: 0 }));
        return top(second);
      })
      .toBe(0);
    await page.getByLabel("Sync scroll").uncheck();
    await first!.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(() => top(first)).toBeGreaterThan(100);
    expect(await top(second)).toBe(0);
  });

  test("cost appears once the model has a price", async ({ ownerPage: page, api, uniqueName }) => {
    test.setTimeout(90_000);
    // A model id of its own (the scripted model answers any), so the price touches no other test.
    const model = `scripted-priced-${Date.now().toString(36)}-${test.info().workerIndex}`;
    const id = await createAssistant(api, uniqueName("cost"), { model });
    await page.goto(`/assistants/${id}/playground`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Message", { exact: true }).fill("[[reply: one two three]]");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const inspector = page.getByRole("region", { name: "Timing & usage" });
    await expect(inspector).toContainText("no price set");

    await page.goto("/settings/providers");
    const form = page.getByRole("region", { name: "Add a price" });
    // A well-known model fills in its list price.
    await form.getByLabel("Model", { exact: true }).fill("gpt-4o-mini");
    await expect(form.getByLabel("Input per 1M tokens")).toHaveValue("0.15");
    await expect(form.getByLabel("Output per 1M tokens")).toHaveValue("0.6");
    await form.getByLabel("Model", { exact: true }).fill(model);
    await form.getByLabel("Input per 1M tokens").fill("2000");
    await form.getByLabel("Output per 1M tokens").fill("1000");
    await form.getByRole("button", { name: "Add price" }).click();
    await expect(form.getByRole("status")).toHaveText(`Saved the price of ${model}; runs from now on state their cost.`);
    await expect(page.getByRole("table", { name: "Model prices" }).getByRole("row").filter({ hasText: model })).toContainText("$2,000.00");

    await page.goto(`/assistants/${id}/playground`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Message", { exact: true }).fill("[[reply: one two three]]");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await expect(page.getByRole("article", { name: "Assistant reply" }).last()).toContainText("one two three");
    await expect(inspector).toContainText(/Cost\s*\$0\.\d+/);
    const run = (await api.beta.threads.runs.list(new URL(page.url()).searchParams.get("thread")!)).data[0]!;
    const usage = run.usage as OpenAI.Beta.Threads.Run["usage"] & { cost: { amount: number; currency: string } };
    expect(usage.cost).toEqual({ amount: (usage.prompt_tokens * 2000 + usage.completion_tokens * 1000) / 1e6, currency: "USD" });

    await page.goto("/settings/providers");
    const row = page.getByRole("table", { name: "Model prices" }).getByRole("row").filter({ hasText: model });
    await row.getByRole("button", { name: `Remove the price of ${model}` }).click();
    await row.getByRole("button", { name: "Remove price" }).click();
    await expect(page.getByRole("table", { name: "Model prices" }).getByRole("row").filter({ hasText: model })).toHaveCount(0);
  });
});
