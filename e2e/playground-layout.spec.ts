import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, TIME, WEATHER } from "./playground-helpers";

// The playground's frame: where it is in the console's navigation, how its columns share the
// width, which threads it lists, and controls that keep still and show only when they apply.

async function boxWithin(target: Locator, frame: Locator): Promise<{ x: number; y: number; width: number }> {
  const [inner, outer] = await Promise.all([target.boundingBox(), frame.boundingBox()]);
  return { x: Math.round(inner!.x - outer!.x), y: Math.round(inner!.y - outer!.y), width: Math.round(inner!.width) };
}

test.describe("playground layout", () => {
  test("the side navigation marks Playground as the current section on an assistant's playground", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("nav"));
    const nav = page.getByRole("navigation", { name: "Main" });
    await page.goto(`/assistants/${id}/playground`);
    await expect(nav.getByRole("link", { name: "Playground" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Assistants" })).not.toHaveAttribute("aria-current");
    // The assistant's own page is still under Assistants.
    await page.goto(`/assistants/${id}`);
    await expect(nav.getByRole("link", { name: "Assistants" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Playground" })).not.toHaveAttribute("aria-current");
  });

  test("the chat has most of the width, and the details panel folds away and stays folded", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    const id = await createAssistant(api, uniqueName("layout"));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/assistants/${id}/playground`);
    const chat = page.getByRole("region", { name: "Chat" });
    const details = page.getByRole("complementary", { name: "Details" });
    const threads = page.getByRole("navigation", { name: "Threads" });
    const toggle = chat.getByRole("button", { name: "Details" });
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const [chatBox, detailsBox, threadsBox] = await Promise.all([chat.boundingBox(), details.boundingBox(), threads.boundingBox()]);
    // Wider than the two side columns together: it is what the page is for.
    expect(chatBox!.width).toBeGreaterThan(detailsBox!.width + threadsBox!.width);
    await testInfo.attach("playground-columns-1440x900", { body: await page.screenshot(), contentType: "image/png" });

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(details).toBeHidden();
    expect((await chat.boundingBox())!.width).toBeGreaterThan(chatBox!.width + detailsBox!.width);

    // Remembered by this browser.
    await page.reload();
    await expect(chat.getByRole("button", { name: "Details" })).toHaveAttribute("aria-expanded", "false");
    await expect(details).toBeHidden();
    await chat.getByRole("button", { name: "Details" }).click();
    await expect(details).toBeVisible();
    await expect(details.getByRole("tab", { name: "Run inspector" })).toBeVisible();
  });

  test("the thread list shows this assistant's threads, and every thread with the filter", async ({ ownerPage: page, api, uniqueName }) => {
    const word = uniqueName("mine").replace(/\s+/g, "-");
    const mine = await createAssistant(api, uniqueName("list-mine"));
    const other = await createAssistant(api, uniqueName("list-other"));
    // Another assistant's thread, and a thread made through the API that no run has touched.
    await api.beta.threads.createAndRunPoll({ assistant_id: other, thread: { messages: [{ role: "user", content: `other ${word}` }] } });
    await api.beta.threads.create({ messages: [{ role: "user", content: `api ${word}` }] });
    // A thread made through the API and run with this assistant is this assistant's too.
    await api.beta.threads.createAndRunPoll({ assistant_id: mine, thread: { messages: [{ role: "user", content: `api-run ${word}` }] } });

    await page.goto(`/assistants/${mine}/playground`);
    await send(page, `playground ${word}`);
    await expect(lastReply(page)).toContainText(`You said: playground ${word}`);

    const sidebar = page.getByRole("navigation", { name: "Threads" });
    await sidebar.getByLabel("Search threads").fill(word);
    const rows = sidebar.getByRole("listitem");
    await expect(rows).toHaveCount(2);
    await expect(sidebar).toContainText(`playground ${word}`);
    await expect(sidebar).toContainText(`api-run ${word}`);
    await expect(sidebar).not.toContainText(`other ${word}`);
    await expect(sidebar).not.toContainText(`api ${word}`);

    await sidebar.getByLabel("Show threads").selectOption({ label: "All threads" });
    await expect(rows).toHaveCount(4);
    await expect(sidebar).toContainText(`other ${word}`);
    await expect(sidebar).toContainText(`api ${word}`);
  });

  test("a tool call whose mock output is JSON opens its output form in JSON", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("json-mock"), {
      tools: [WEATHER, TIME],
      mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' }, get_time: { format: "text", output: "noon" } },
    });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Oslo"}]] [[tool: get_time {"zone": "CET"}]]');
    const weather = page.getByRole("radiogroup", { name: "Output format for get_weather" });
    await expect(weather.getByRole("radio", { name: "JSON" })).toBeChecked();
    await expect(weather.getByRole("radio", { name: "Text" })).not.toBeChecked();
    // A text mock, as before, opens in text.
    await expect(page.getByRole("radiogroup", { name: "Output format for get_time" }).getByRole("radio", { name: "Text" })).toBeChecked();
    await page.getByRole("button", { name: "Cancel run" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Stopped." })).toBeVisible();
  });

  test("the Submit button keeps its place while outputs are typed and while they are submitted", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("submit-place"), { tools: [WEATHER, TIME] });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Oslo"}]] [[tool: get_time {"zone": "CET"}]]');
    const calls = page.getByRole("region", { name: "Tool calls" });
    const submit = calls.getByRole("button", { name: "Submit 2 outputs" });
    await expect(calls.getByText("Needs an output for get_weather, get_time.")).toBeVisible();
    const before = await boxWithin(submit, calls);

    await calls.getByLabel("Output for get_weather").fill("cold");
    await expect(calls.getByText("Needs an output for get_time.")).toBeVisible();
    expect(await boxWithin(submit, calls)).toEqual(before);
    await calls.getByLabel("Output for get_time").fill("noon");
    await expect(calls.getByText(/Needs an output/)).toHaveCount(0);
    await expect(submit).toBeEnabled();
    expect(await boxWithin(submit, calls)).toEqual(before);

    // Held on the way while the place is measured with "Submitting…" beside it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/submit_tool_outputs$/, async (route) => {
      await released;
      await route.continue();
    });
    await submit.click();
    await expect(calls.getByRole("status")).toHaveText("Submitting…");
    expect(await boxWithin(submit, calls)).toEqual(before);
    release();
    await expect(lastReply(page)).toContainText("noon");
  });
});
