import type { Locator, Page } from "@playwright/test";
import type OpenAI from "openai";
import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, threadIdOf, WEATHER } from "./playground-helpers";
import { formatDuration, formatOffset, formatRate } from "@/lib/playground/inspector";
import { foldRunTimings } from "@/lib/playground/inspector-timings";
import type { RunTimings } from "@/lib/runs/model-calls";

// The run inspector's timings come from what the run stored (the run object's `timings`
// extension: its start, end and each model call, to the millisecond), so they survive a reload
// and a wait for tool outputs is not counted as the model's time.

/** The value beside a label in the inspector's "Timing & usage" list. */
const timing = (page: Page, label: string): Locator =>
  page
    .getByRole("tabpanel", { name: "Run inspector" })
    .getByRole("region", { name: "Timing & usage" })
    .locator("dt", { hasText: new RegExp(`^${label}$`) })
    .locator("xpath=following-sibling::dd[1]");

type RunWithTimings = { id: string; status: string; created_at: number; completed_at: number | null; usage: { completion_tokens: number } | null; timings: RunTimings };

/** The thread's newest run as the API returns it (the SDK keeps the extension fields it has no types for). */
async function latestRun(page: Page, api: OpenAI): Promise<RunWithTimings> {
  const runs = await api.beta.threads.runs.list(threadIdOf(page), { limit: 1 });
  return runs.data[0] as unknown as RunWithTimings;
}

test.describe("run inspector timings", () => {
  test("after a reload the inspector shows the timings the run stored", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("timings"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[tokens: 12]] [[delay: 30]] [[first-delay: 150]]");
    await expect(lastReply(page)).toHaveAttribute("data-status", "completed");

    await page.reload();
    await expect(page.getByRole("tabpanel", { name: "Run inspector" }).getByRole("region", { name: "Status" })).toContainText("completed");
    const run = await latestRun(page, api);
    const { created_at, ended_at, model_calls } = run.timings;
    // The stored times are the run's own (its whole-second timestamps, to the millisecond).
    expect(Math.floor(created_at / 1000)).toBe(run.created_at);
    expect(Math.floor(ended_at! / 1000)).toBe(run.completed_at);
    expect(model_calls).toHaveLength(1);
    const [call] = model_calls;
    expect(call!.completion_tokens).toBe(run.usage!.completion_tokens);
    // The first token came after the scripted model's 150 ms first delay, and before the end.
    expect(call!.first_token_at! - call!.started_at).toBeGreaterThanOrEqual(150);
    expect(call!.first_token_at!).toBeLessThan(ended_at!);

    await expect(timing(page, "Time to first token")).toHaveText(formatDuration(call!.first_token_at! - created_at));
    await expect(timing(page, "Total time")).toHaveText(formatDuration(ended_at! - created_at));
    await expect(timing(page, "Tokens/s")).toHaveText(formatRate((call!.completion_tokens / (call!.ended_at - call!.started_at)) * 1000));
    // The status timeline is to the millisecond too, ending where the total time does.
    await expect(page.getByRole("list", { name: "Status timeline" }).getByRole("listitem").last()).toHaveText(`→completed${formatOffset(ended_at! - created_at)}`);
    await expect(page.getByText("Timings are measured only for runs streamed in this tab.")).toHaveCount(0);
  });

  test("a run with tool outputs: tokens/s is over the model's time, total time is the wall time", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("tool-timings"), { tools: [WEATHER] });
    await page.goto(`/assistants/${id}/playground`);
    // Both model calls (the tool call, then the answer) wait 200 ms before their first chunk and 50 ms
    // between chunks: the scripted model never goes faster than 20 tokens/s.
    const delayMs = 50;
    await send(page, `[[tool: get_weather {"city": "Oslo"}]] [[delay: ${delayMs}]] [[first-delay: 200]] [[after-tools: one two three four five six seven eight nine ten]]`);
    await page.getByLabel("Output for get_weather").fill("sunny");
    await page.getByRole("button", { name: "Submit output" }).click();
    await expect(lastReply(page)).toContainText("one two three four five six seven eight nine ten");
    await expect(lastReply(page)).toHaveAttribute("data-status", "completed");
    await expect(page.getByRole("tabpanel", { name: "Run inspector" }).getByRole("region", { name: "Status" })).toContainText("completed");

    const run = await latestRun(page, api);
    const fold = foldRunTimings(run.timings);
    expect(run.timings.model_calls).toHaveLength(2);
    expect(run.timings.model_calls.reduce((sum, call) => sum + call.completion_tokens, 0)).toBe(run.usage!.completion_tokens);

    // Shown in this tab as it ended, and the same after a reload.
    for (const reload of [false, true]) {
      if (reload) await page.reload();
      const shown = Number((await timing(page, "Tokens/s").textContent())!.replace(/,/g, ""));
      expect(shown).toBeGreaterThanOrEqual(1);
      expect(shown).toBeLessThanOrEqual(1000 / delayMs);
      await expect(timing(page, "Tokens/s")).toHaveText(formatRate(fold.tokensPerSecond!));
      await expect(timing(page, "Total time")).toHaveText(formatDuration(fold.totalMs!));
      await expect(timing(page, "Model time")).toHaveText(formatDuration(fold.generationMs!));
      await expect(timing(page, "Waiting for tool outputs")).toHaveText(formatDuration(fold.waitingMs!));
      await expect(page.getByRole("list", { name: "Model calls" }).getByRole("listitem")).toHaveCount(2);
    }
    // The wall time holds both model calls and the wait between them.
    expect(fold.totalMs!).toBeGreaterThanOrEqual(fold.generationMs! + fold.waitingMs!);
  });
});
