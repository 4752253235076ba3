import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, storedMessages, threadIdOf, TIME, WEATHER } from "./playground-helpers";

// The playground as a person uses it, against the scripted model (scripts/scripted-model) that
// playwright.config.ts starts and points the app's default provider at: directives in a message
// ([[tokens: N]], [[delay: MS]], [[tool: NAME {args}]], [[reply: TEXT]]) script the model's turn.

test.describe("playground", () => {
  test("streams a reply that grows before it completes, then shows the run in the inspector", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    const id = await createAssistant(api, uniqueName("stream"));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[tokens: 40]] [[delay: 60]]");

    const reply = lastReply(page);
    // Part of the reply is on screen while the run is still streaming.
    await expect(reply).toContainText("tok3");
    await expect(reply).toHaveAttribute("aria-busy", "true");
    await expect(reply).not.toContainText("tok40");
    await expect(reply).toContainText("tok40");
    await expect(reply).toHaveAttribute("data-status", "completed");
    await expect(page).toHaveURL(/\?thread=thread_/);

    const inspector = page.getByRole("tabpanel", { name: "Run inspector" });
    await expect(inspector.getByRole("region", { name: "Status" })).toContainText("completed");
    await expect(inspector.getByRole("list", { name: "Status timeline" })).toContainText("in_progress");
    await expect(inspector.getByRole("region", { name: "Raw events" })).toContainText("thread.message.delta");
    await testInfo.attach("playground-1440x900", { body: await page.screenshot(), contentType: "image/png" });

    // The thread is listed with its first message.
    await expect(page.getByRole("navigation", { name: "Threads" })).toContainText("[[tokens: 40]]");
  });

  test("a tool call answered with the mock output, then by hand, each followed by the final reply", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    const id = await createAssistant(api, uniqueName("tools"), {
      tools: [WEATHER],
      mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } },
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Paris"}]]');

    const card = page.getByRole("article", { name: "Tool call get_weather" }).last();
    await expect(card).toContainText('"city": "Paris"');
    await expect(card).toContainText("Arguments match the schema");
    await testInfo.attach("tool-call-1440x900", { body: await page.screenshot(), contentType: "image/png" });
    await card.getByRole("button", { name: "Use mock output" }).click();
    await page.getByRole("button", { name: "Submit output" }).click();
    await expect(lastReply(page)).toContainText('{"temp": 21}');
    await expect(card).toContainText("Submitted");

    await send(page, '[[tool: get_weather {"town": 3}]]');
    const second = page.getByRole("article", { name: "Tool call get_weather" }).last();
    // Arguments that break the function's schema are flagged.
    await expect(second).toContainText("Arguments do not match");
    // The function's mock is JSON, so the form opens in JSON: plain text needs Text chosen.
    await second.getByRole("radio", { name: "Text" }).check();
    await second.getByLabel("Output for get_weather").fill("sunny and warm");
    await page.getByRole("button", { name: "Submit output" }).click();
    await expect(lastReply(page)).toContainText("sunny and warm");
  });

  test("two parallel tool calls are answered together in one submit", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("parallel"), { tools: [WEATHER, TIME] });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Oslo"}]] [[tool: get_time {"zone": "CET"}]]');

    const submit = page.getByRole("button", { name: "Submit 2 outputs" });
    await page.getByLabel("Output for get_weather").fill("cold");
    await expect(submit).toBeDisabled();
    await page.getByLabel("Output for get_time").fill("noon");
    await submit.click();
    const reply = lastReply(page);
    await expect(reply).toContainText("cold");
    await expect(reply).toContainText("noon");

    // One submit_tool_outputs request carried both: the run has a single tool_calls step with two outputs.
    const threadId = threadIdOf(page);
    const runs = await api.beta.threads.runs.list(threadId);
    const steps = await api.beta.threads.runs.steps.list(runs.data[0]!.id, { thread_id: threadId });
    const toolSteps = steps.data.filter((step) => step.step_details.type === "tool_calls");
    expect(toolSteps).toHaveLength(1);
  });

  test("Stop mid-stream leaves a partial reply marked incomplete", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("stop"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[tokens: 300]] [[delay: 40]]");
    const reply = lastReply(page);
    await expect(reply).toContainText("tok4");
    // Streaming: Stop, and no "Cancel run" (that is for a run waiting for tool outputs).
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(reply).toHaveAttribute("data-status", "incomplete");
    await expect(reply).toContainText("Incomplete · stopped");
    await expect(reply).not.toContainText("tok300");
    await expect(page.getByRole("status").filter({ hasText: "Stopped." })).toBeVisible();
  });

  test("reloading mid-stream re-attaches to the run with no text doubled", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("reload"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[tokens: 50]] [[delay: 60]]");
    await expect(lastReply(page)).toContainText("tok5");
    await page.reload();
    const reply = lastReply(page);
    await expect(reply).toHaveAttribute("data-status", "completed", { timeout: 15_000 });
    const expected = Array.from({ length: 50 }, (_, i) => `tok${i + 1}`).join(" ");
    await expect(reply.locator("p").first()).toHaveText(expected);
  });

  test("a stream that breaks off reconnects with backoff, says so, and the reply ends whole", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("reconnect"));
    await page.goto(`/assistants/${id}/playground`);
    // The run's stream is cut after its first text delta (as a proxy or a flaky network would);
    // the re-attach is held until the page has said it is reconnecting.
    await page.route(/\/api\/v1\/threads\/[^/]+\/runs$/, async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      const cut = body.indexOf("\n\n", body.indexOf("event: thread.message.delta")) + 2;
      await route.fulfill({ response, body: body.slice(0, cut) });
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/runs\/[^/]+\/events$/, async (route) => {
      await released;
      await route.continue();
    });
    await send(page, "[[tokens: 30]] [[delay: 10]]");
    await expect(page.getByRole("status").filter({ hasText: /Connection lost\. Reconnecting to the run \(attempt 1\)/ })).toBeVisible();
    release();
    const reply = lastReply(page);
    await expect(reply).toHaveAttribute("data-status", "completed");
    await expect(reply.locator("p").first()).toHaveText(Array.from({ length: 30 }, (_, i) => `tok${i + 1}`).join(" "));
    await expect(page.getByText(/Connection lost/)).toHaveCount(0);
  });

  test("switching to another thread mid-stream and back follows the run again, to its end, with no text doubled", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("switch"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[tokens: 40]] [[delay: 60]]");
    await expect(lastReply(page)).toContainText("tok3");
    const thread = threadIdOf(page);
    await page.getByRole("button", { name: "New thread" }).click();
    await expect(page.getByText("Send a message to start a new thread.")).toBeVisible();
    await page.getByRole("navigation", { name: "Threads" }).getByRole("button", { name: /^\[\[tokens: 40\]\]/ }).click();
    expect(threadIdOf(page)).toBe(thread);
    const reply = lastReply(page);
    await expect(reply).toHaveAttribute("data-status", "completed", { timeout: 15_000 });
    await expect(reply.locator("p").first()).toHaveText(Array.from({ length: 40 }, (_, i) => `tok${i + 1}`).join(" "));
    await expect(page.getByRole("tabpanel", { name: "Run inspector" }).getByRole("region", { name: "Status" })).toContainText("completed");
  });

  test("a temperature tried in the Assistant tab shows in the next run, then is saved to the assistant", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("settings"), { temperature: 1 });
    await page.goto(`/assistants/${id}/playground`);
    await page.getByRole("tab", { name: "Assistant" }).click();
    await page.getByLabel("Temperature", { exact: true }).fill("0.3");
    await expect(page.getByText("Unsaved: temperature")).toBeVisible();
    await send(page, "hello there");
    await expect(lastReply(page)).toContainText("You said: hello there");

    await page.getByRole("tab", { name: "Run inspector" }).click();
    const settings = page.getByRole("region", { name: "Settings it ran with" });
    await expect(settings).toContainText(/temperature\s*0\.3/);
    // The draft's settings are the run's own; the assistant it ran is still version 1.
    await expect(settings).toContainText(/assistant_version\s*1/);
    expect((await api.beta.assistants.retrieve(id)).temperature).toBe(1);

    await page.getByRole("tab", { name: "Assistant" }).click();
    await page.getByRole("button", { name: "Save to assistant" }).click();
    await expect(page.getByText("Matches the saved assistant")).toBeVisible();
    expect(await api.beta.assistants.retrieve(id)).toMatchObject({ temperature: 0.3, version: 2 });
  });

  test("a Markdown reply with a script tag renders inert, and formatting works", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("markdown"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[reply: Hello **bold** <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> [x](javascript:window.__pwned=3)]]");
    const reply = lastReply(page);
    await expect(reply.locator("strong")).toHaveText("bold");
    await expect(reply).toHaveAttribute("data-status", "completed");
    await expect(reply.locator("script, img")).toHaveCount(0);
    await reply.getByText("x", { exact: true }).click().catch(() => {});
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test("a JSON reply is pretty-printed and validated against the response format's schema", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("json"), {
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      },
    });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[reply: {"city": "Paris"}]]');
    await expect(lastReply(page)).toContainText("Valid · answer");
    await send(page, '[[reply: {"town": 1}]]');
    await expect(lastReply(page)).toContainText(/Invalid · .*city/);

    // After a reload, each reply is still checked against the format its own run had, even with
    // the assistant's format changed since (the first reply's run is history, not the newest).
    await api.beta.assistants.update(id, { response_format: "auto" });
    await page.reload();
    const replies = page.getByRole("article", { name: "Assistant reply" });
    await expect(replies.first()).toContainText("Valid · answer");
    await expect(replies.last()).toContainText(/Invalid · .*city/);
  });
});

test.describe("playground threads and retries", () => {
  test("edit and resend branches the thread: later messages are removed after a confirmation", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("edit"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "first question");
    await expect(lastReply(page)).toContainText("You said: first question");
    await send(page, "second question");
    await expect(lastReply(page)).toContainText("You said: second question");

    await page.getByRole("article", { name: "Your message" }).first().getByRole("button", { name: "Edit and resend" }).click();
    await page.getByLabel("Edit message").fill("edited question");
    await page.getByRole("button", { name: "Resend", exact: true }).click();
    await page.getByRole("button", { name: "Remove 3 and resend" }).click();
    await expect(lastReply(page)).toContainText("You said: edited question");
    await expect(page.getByText("second question")).toHaveCount(0);
    expect(await storedMessages(page, api)).toHaveLength(2);
  });

  test("a failed run shows its last_error with Retry, and Regenerate replaces a reply", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("retry"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "[[fail: 500]]");
    const failure = page.getByRole("alert").filter({ hasText: "The run failed (server_error)" });
    await expect(failure).toBeVisible();
    const threadId = threadIdOf(page);
    await failure.getByRole("button", { name: "Retry" }).click();
    await expect.poll(async () => (await api.beta.threads.runs.list(threadId)).data.length).toBe(2);

    await send(page, "[[tokens: 3]]");
    await expect(lastReply(page)).toContainText("tok3");
    const before = await lastReply(page).getAttribute("aria-label");
    expect(before).toBe("Assistant reply");
    await page.getByRole("button", { name: "Regenerate" }).click();
    await expect.poll(async () => (await api.beta.threads.runs.list(threadId)).data.length).toBe(4);
    await expect(lastReply(page)).toHaveAttribute("data-status", "completed");
    // The regenerated reply replaced the old one: one reply for that question.
    await expect(page.getByRole("article", { name: "Assistant reply" }).filter({ hasText: "tok1 tok2 tok3" })).toHaveCount(1);
  });

  test("threads are listed, searched, renamed and deleted from the sidebar", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("threads"));
    const word = uniqueName("topic").replace(/\s+/g, "-");
    await page.goto(`/assistants/${id}/playground`);
    await send(page, `about ${word}`);
    await expect(lastReply(page)).toContainText(`You said: about ${word}`);

    const sidebar = page.getByRole("navigation", { name: "Threads" });
    await sidebar.getByLabel("Search threads").fill(word);
    await expect(sidebar.getByRole("listitem")).toHaveCount(1);
    await sidebar.getByRole("button", { name: /^Rename thread/ }).click();
    await sidebar.getByLabel("Thread title").fill(`Renamed ${word}`);
    await sidebar.getByRole("button", { name: "Save title" }).click();
    await expect(sidebar).toContainText(`Renamed ${word}`);
    const threadId = threadIdOf(page);
    expect((await api.beta.threads.retrieve(threadId)).metadata).toMatchObject({ title: `Renamed ${word}` });

    await sidebar.getByRole("button", { name: /^Delete thread/ }).click();
    await sidebar.getByRole("button", { name: "Delete thread" }).click();
    await expect(sidebar.getByText("No thread matches.")).toBeVisible();
    await expect(page.getByText("Send a message to start a new thread.")).toBeVisible();
    await expect(api.beta.threads.retrieve(threadId)).rejects.toMatchObject({ status: 404 });
  });

  test("exports the thread as Markdown", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("export"));
    await page.goto(`/assistants/${id}/playground`);
    await send(page, "export me");
    await expect(lastReply(page)).toContainText("You said: export me");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export Markdown" }).click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(text).toContain("## User");
    expect(text).toContain("export me");
    expect(text).toContain("You said: export me");
  });
});

test.describe("playground with a long thread", () => {
  test("a thread of 1,000 messages opens at its end, keeps the DOM small and scrolls back to its first message", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    test.setTimeout(180_000);
    const id = await createAssistant(api, uniqueName("long"));
    const text = (n: number) => `message ${n}: ${n % 5 === 0 ? "a **longer** one with a list\n\n- first\n- second\n\n`code`" : "short"}`;
    const thread = await api.beta.threads.create({ messages: Array.from({ length: 100 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: text(i + 1) })) });
    // One at a time, so created_at follows the numbering.
    for (let n = 101; n <= 1000; n++) await api.beta.threads.messages.create(thread.id, { role: n % 2 ? "user" : "assistant", content: text(n) });

    await page.setViewportSize({ width: 1440, height: 900 });
    const pageReads: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes(`/threads/${thread.id}/messages?`)) pageReads.push(request.url());
    });
    const started = Date.now();
    await page.goto(`/assistants/${id}/playground?thread=${thread.id}`);
    await expect(page.getByText("message 1000: a longer one")).toBeVisible();
    const openMs = Date.now() - started;
    // The newest page comes with the page itself; older pages wait until the person scrolls up.
    await page.waitForTimeout(500);
    expect(pageReads).toHaveLength(0);
    testInfo.annotations.push({ type: "open-1000-messages-ms", description: String(openMs) });
    console.log(`[playground] 1,000-message thread: page load to last message visible in ${openMs} ms`);
    await testInfo.attach("long-thread-1440x900", { body: await page.screenshot(), contentType: "image/png" });

    // Virtualized: only what is on screen (and a few around it) is in the DOM.
    expect(await page.getByRole("article").count()).toBeLessThan(60);

    const scroller = page.getByTestId("chat-scroller");
    const scrollStarted = Date.now();
    await expect(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
      await expect(scroller.getByText("message 1: short", { exact: true })).toBeVisible({ timeout: 300 });
    }).toPass({ intervals: [100], timeout: 60_000 });
    console.log(`[playground] scrolled back through 10 pages to the first message in ${Date.now() - scrollStarted} ms`);
    // The nine older pages were read from the API as the list reached them.
    expect(pageReads).toHaveLength(9);
    expect(await page.getByRole("article").count()).toBeLessThan(60);
  });
});
