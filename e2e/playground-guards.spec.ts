import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, storedMessages, threadIdOf, WEATHER } from "./playground-helpers";

// What the playground must not let happen: a second send on a thread that is still busy, an edit
// that deletes messages it then cannot resend, a tool-output submit reported as sent when it never
// arrived, and viewers answering tool calls.

test.describe("playground guards", () => {
  test("a run waiting for tool outputs holds the thread until it is answered or cancelled", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("waiting"), { tools: [WEATHER] });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Rome"}]]');
    const card = page.getByRole("article", { name: "Tool call get_weather" });
    await expect(card).toContainText("Waiting for output");

    // Busy: Send waits (disabled), no edit and resend, and Regenerate is not offered. Nothing
    // streams, so there is no Stop: "Cancel run" beside the calls is what ends it.
    await page.getByLabel("Message", { exact: true }).fill("not yet");
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel run" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit and resend" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Regenerate" })).toHaveCount(0);

    await page.getByRole("button", { name: "Cancel run" }).click();
    await expect(page.getByText("The run was cancelled before outputs were submitted.")).toBeVisible();
    await expect(card).toContainText("Cancelled");
    await expect(page.getByRole("status").filter({ hasText: "Stopped." })).toBeVisible();

    // The thread is free again: the next message gets its reply, and no message was lost.
    await page.getByLabel("Message", { exact: true }).fill("");
    await send(page, "[[reply: free again]]");
    await expect(lastReply(page)).toContainText("free again");
    const threadId = threadIdOf(page);
    const messages = await api.beta.threads.messages.list(threadId, { order: "asc" });
    expect(messages.data.map((message) => message.role)).toEqual(["user", "user", "assistant"]);
    const runs = await api.beta.threads.runs.list(threadId, { order: "asc" });
    expect(runs.data.map((run) => run.status)).toEqual(["cancelled", "completed"]);
  });

  test("a run left waiting past its expires_at is shown as expired, and the thread is free again", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("expiry"), { tools: [WEATHER] });
    // The page's clock is jumped past the 10 minutes; the server's is not, so the run read at that
    // moment is answered as the engine writes an expired run (lib/runs/store.ts expireIfDue; the
    // server side of expiry is tested in e2e/api/runs-restart.test.ts with a 2 s timeout).
    await page.clock.install();
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Oslo"}]]');
    const card = page.getByRole("article", { name: "Tool call get_weather" });
    await expect(card).toContainText("Waiting for output");
    await expect(page.getByText(/Expires in 10 min|Expires in 9 min/)).toBeVisible();

    let reads = 0;
    await page.route(/\/api\/v1\/threads\/[^/]+\/runs\/run_[^/?]+$/, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      reads += 1;
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), status: "expired", required_action: null } });
    });
    await page.clock.fastForward("10:02");
    await expect(card).toContainText("Expired");
    await expect(page.getByText("The run expired before outputs were submitted (10 minutes).")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "The run expired: tool outputs were not submitted within 10 minutes." })).toBeVisible();
    await expect(page.getByLabel("Output for get_weather")).toHaveCount(0);
    expect(reads).toBeGreaterThan(0);
    await page.getByLabel("Message", { exact: true }).fill("next");
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();

    const threadId = threadIdOf(page);
    const runs = await api.beta.threads.runs.list(threadId);
    await api.beta.threads.runs.cancel(runs.data[0]!.id, { thread_id: threadId });
  });

  test("Enter pressed twice sends the message once", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("double"));
    await page.goto(`/assistants/${id}/playground`);
    const box = page.getByLabel("Message", { exact: true });
    await box.fill("[[reply: once]]");
    await box.press("Enter");
    await box.press("Enter");
    await expect(lastReply(page)).toContainText("once");
    await expect(lastReply(page)).toHaveAttribute("data-status", "completed");
    await expect(page.getByRole("article", { name: "Your message" })).toHaveCount(1);
    expect(await storedMessages(page, api)).toHaveLength(2);
  });

  test("metadata set in the popover goes with the next message, and a duplicate key holds Send back", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("metadata"));
    await page.goto(`/assistants/${id}/playground`);
    await page.getByLabel("Message", { exact: true }).fill("[[reply: noted]]");
    await page.getByRole("button", { name: "Message metadata" }).click();
    const popover = page.getByRole("dialog", { name: "Message metadata" });
    await popover.getByLabel("Metadata key 1").fill("ticket");
    await popover.getByLabel("Metadata value 1").fill("T-42");
    await popover.getByRole("button", { name: "Add pair" }).click();
    await popover.getByLabel("Metadata key 2").fill("ticket");
    await expect(popover.getByText("Duplicate key: row 1 has it too.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();

    await popover.getByLabel("Metadata key 2").fill("lang");
    await popover.getByLabel("Metadata value 2").fill("nb");
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();
    // Enter in a field does not send the message, though it could now be sent (had it been sent,
    // the box would be empty and Send disabled below, and the thread would hold two messages).
    await popover.getByLabel("Metadata value 2").press("Enter");
    await popover.getByRole("button", { name: "Done" }).click();
    await expect(popover).toBeHidden();
    await expect(page.getByRole("button", { name: "Message metadata (2)" })).toBeVisible();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(lastReply(page)).toContainText("noted");
    await expect(page.getByRole("article", { name: "Your message" })).toContainText("metadata");
    // Sent, the popover is empty again for the next message.
    await expect(page.getByRole("button", { name: "Message metadata", exact: true })).toBeVisible();

    const messages = await storedMessages(page, api);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(messages[0]!.metadata).toEqual({ ticket: "T-42", lang: "nb" });
  });

  test("a tool-output submit that never arrived says so, keeps the outputs, and goes through on a second try", async ({ ownerPage: page, api, uniqueName, pageProblems }) => {
    pageProblems.allow(/ERR_CONNECTION_RESET .*\/submit_tool_outputs:/, "the first submit's connection is reset on purpose");
    const id = await createAssistant(api, uniqueName("submit-lost"), { tools: [WEATHER] });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Lima"}]]');
    await page.getByLabel("Output for get_weather").fill("foggy");

    let submits = 0;
    await page.route(/\/submit_tool_outputs$/, async (route) => {
      submits += 1;
      if (submits === 1) await route.abort("connectionreset");
      else await route.continue();
    });
    const reread = page.waitForRequest(/\/runs\/run_[^/]+\/events$/);
    await page.getByRole("button", { name: "Submit output" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The outputs were not submitted" })).toContainText("may not have arrived");
    // The run's events are read again (never the POST resent), and Submit waits for them.
    await reread;
    // The run is still waiting (its events were read again), and what was typed is still there.
    await expect(page.getByRole("article", { name: "Tool call get_weather" })).toContainText("Waiting for output");
    await expect(page.getByLabel("Output for get_weather")).toHaveValue("foggy");

    await page.getByRole("button", { name: "Submit output" }).click();
    await expect(lastReply(page)).toContainText("foggy");
    expect(submits).toBe(2);
  });

  test("a run refused before it starts says why under the chat, and Retry starts it without resending the message", async ({ ownerPage: page, api, uniqueName, pageProblems }) => {
    pageProblems.allow(/\b400\b.*\/api\/v1\/threads\/[^/]+\/runs\b/, "the run is refused with a 400 on purpose");
    const id = await createAssistant(api, uniqueName("refused"));
    await page.goto(`/assistants/${id}/playground`);
    await page.route(/\/api\/v1\/threads\/[^/]+\/runs$/, (route) =>
      route.fulfill({ status: 400, json: { error: { message: "Scripted refusal for this test.", type: "invalid_request_error", param: null, code: null } } }),
    );
    await send(page, "[[reply: second try]]");
    const alert = page.getByRole("alert").filter({ hasText: "Scripted refusal for this test." });
    await expect(alert).toBeVisible();
    await page.unroute(/\/api\/v1\/threads\/[^/]+\/runs$/);
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect(lastReply(page)).toContainText("second try");
    await expect(alert).toHaveCount(0);
    expect((await storedMessages(page, api)).map((message) => message.role)).toEqual(["user", "assistant"]);
  });

  test("a viewer sees a run's tool calls but cannot answer them or start runs", async ({ api, uniqueName, inviteMember }) => {
    const id = await createAssistant(api, uniqueName("viewer-tools"), { tools: [WEATHER] });
    const run = await api.beta.threads.createAndRunPoll({
      assistant_id: id,
      thread: { messages: [{ role: "user", content: '[[tool: get_weather {"city": "Kyiv"}]]' }] },
    });
    expect(run.status).toBe("requires_action");

    const viewer = await inviteMember("viewer");
    await viewer.page.goto(`/assistants/${id}/playground?thread=${run.thread_id}`);
    const card = viewer.page.getByRole("article", { name: "Tool call get_weather" });
    await expect(card).toContainText('"city": "Kyiv"');
    await expect(card).toContainText("Waiting for output");
    await expect(viewer.page.getByText("Waiting for an editor to submit the outputs.")).toBeVisible();
    await expect(viewer.page.getByLabel("Output for get_weather")).toHaveCount(0);
    await expect(viewer.page.getByRole("button", { name: /^Submit/ })).toHaveCount(0);
    await expect(viewer.page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
    await expect(viewer.page.getByLabel("Message", { exact: true })).toBeDisabled();
    await api.beta.threads.runs.cancel(run.id, { thread_id: run.thread_id });
  });
});
