import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send, WEATHER } from "./playground-helpers";

// The Tests tab (issue 22) as people use it: a playground conversation saved as a test, an
// assertion added in the editor, the suite run with its progress and result, a regression after
// the instructions change (which test broke, the pass rate per version), a tool-calling test run
// unattended on the saved mocks; the editor's errors on the field they concern; export and import.

test.describe("assistant tests", () => {
  test("save a conversation as a test, run it, and see it break when the instructions change", async ({ ownerPage: page, api, uniqueName }, testInfo) => {
    test.setTimeout(120_000);
    const id = await createAssistant(api, uniqueName("tested"), { instructions: "Always answer in French.", tools: [WEATHER], mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } } });
    await page.goto(`/assistants/${id}/playground`);
    await page.waitForLoadState("networkidle");
    await send(page, "[[echo]]");
    await expect(lastReply(page)).toContainText("instructions: Always answer in French.");

    await page.getByRole("button", { name: "Save as test" }).click();
    await expect(page).toHaveURL(new RegExp(`/assistants/${id}/tests/test_`));
    await page.waitForLoadState("networkidle");
    await expect(page.getByLabel("User message")).toHaveValue("[[echo]]");
    await page.getByLabel("Name", { exact: true }).fill("answers in French");
    await page.getByRole("button", { name: "Add an assertion: assertions on the last reply" }).click();
    const row = page.getByRole("listitem", { name: "Assertions on the last reply: assertion 1" });
    await row.getByLabel("Assertions on the last reply: assertion 1 type").selectOption("icontains");
    await row.getByLabel("Assertions on the last reply: assertion 1: Text").fill("french");
    await page.getByRole("button", { name: "Save test" }).click();
    await expect(page).toHaveURL(new RegExp(`/assistants/${id}/tests$`));
    await expect(page.getByRole("link", { name: "answers in French" })).toBeVisible();

    // A tool-calling test, written by hand: the saved mock answers get_weather unattended.
    await page.getByRole("link", { name: "New test" }).click();
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Name", { exact: true }).fill("checks the weather");
    await page.getByLabel("User message").fill('[[tool: get_weather {"city": "Oslo"}]]');
    await page.getByRole("button", { name: "Add an assertion: turn 1 assertions" }).click();
    const toolRow = page.getByRole("listitem", { name: "Turn 1 assertions: assertion 1" });
    await toolRow.getByLabel("Turn 1 assertions: assertion 1 type").selectOption("tool-called");
    await toolRow.getByLabel("Turn 1 assertions: assertion 1: Function (optional)").fill("get_weather");
    await toolRow.getByLabel("Turn 1 assertions: assertion 1: arguments contain (JSON)").fill('{"city": "Oslo"}');
    await page.getByRole("button", { name: "Create test" }).click();
    await expect(page.getByRole("link", { name: "checks the weather" })).toBeVisible();

    await page.getByRole("button", { name: "Run all tests" }).click();
    await expect(page).toHaveURL(new RegExp(`/assistants/${id}/tests/runs/testrun_`));
    await expect(page.getByText("2 of 2 attempts decided · 2 passed · 0 failed · 0 errored")).toBeVisible({ timeout: 30_000 });
    const french = page.getByRole("region", { name: "Test answers in French" });
    await french.getByText("Attempt", { exact: false }).or(french.locator("summary")).first().click();
    await expect(french.getByRole("list", { name: "Assertions on the last reply" })).toContainText("icontains");
    const threadLink = french.getByRole("link", { name: "Open thread" });
    expect(await threadLink.getAttribute("href")).toMatch(new RegExp(`/assistants/${id}/playground\\?thread=thread_`));
    await testInfo.attach("test-run-passed", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

    // With "Run tests on every save", changing the instructions runs the suite against the new
    // version: the French test breaks, and the run says so against the previous one.
    await page.getByRole("link", { name: "All tests and runs" }).click();
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Run tests on every save").check();
    // Saved, not only shown: a reload reads it back (the change below must find it on).
    await expect(async () => {
      await page.reload();
      await expect(page.getByLabel("Run tests on every save")).toBeChecked({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await api.beta.assistants.update(id, { instructions: "Always answer in German." });
    await page.reload();
    const runs = page.getByRole("table", { name: "Test runs" });
    await expect(runs.getByRole("row")).toHaveCount(3);
    await expect(runs.getByRole("row").nth(1)).toContainText("on save");
    await expect(runs.getByRole("row").nth(1)).toContainText("1 broke", { timeout: 30_000 });
    await expect(page.getByRole("listitem").filter({ hasText: "Version 1: 100%" })).toBeAttached();
    await expect(page.getByRole("listitem").filter({ hasText: "Version 2: 50%" })).toBeAttached();
    await expect(page.getByRole("row", { name: /answers in French/ }).getByText("failed")).toBeVisible();
    await testInfo.attach("tests-tab", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await runs.getByRole("link", { name: "v2" }).click();
    await expect(page.getByText("2 of 2 attempts decided · 1 passed · 1 failed · 0 errored")).toBeVisible();
    await expect(page.getByText("Broke: answers in French")).toBeVisible();
    await expect(page.getByRole("region", { name: "Test answers in French" }).getByText('The reply does not contain "french".')).toBeVisible();

    // Each version's latest result in History, and the assistant's in the assistants list.
    await page.goto(`/assistants/${id}/history`);
    await expect(page.getByRole("listitem", { name: "Version 2" }).getByRole("link", { name: "Version 2's latest test run: 1 of 2 test attempts passed" })).toBeVisible();
    await expect(page.getByRole("listitem", { name: "Version 1" }).getByRole("link", { name: "Version 1's latest test run: 2 of 2 test attempts passed" })).toBeVisible();
    await page.goto("/assistants");
    await expect(page.getByRole("link", { name: /latest test run: 1 of 2 test attempts passed/ }).first()).toBeAttached();
  });

  test("the editor shows problems where they are; tests export and import", async ({ ownerPage: page, api, uniqueName }) => {
    const id = await createAssistant(api, uniqueName("editor"));
    await page.goto(`/assistants/${id}/tests/new`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Add an assertion: assertions on the last reply" }).click();
    const row = page.getByRole("listitem", { name: "Assertions on the last reply: assertion 1" });
    await row.getByLabel("Assertions on the last reply: assertion 1 type").selectOption("is-json");
    await row.getByLabel(/assertion 1: JSON Schema/).fill("{not json");
    await page.getByRole("button", { name: "Create test" }).click();
    await expect(row.getByRole("alert")).toContainText("The value is not JSON");
    await row.getByLabel(/assertion 1: JSON Schema/).fill('{"type": "object"}');
    await page.getByRole("button", { name: "Create test" }).click();
    // Now the server's rules: a test needs a name and a message.
    await expect(page.getByText("must not be empty").first()).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Name", { exact: true }).fill("is JSON");
    await page.getByLabel("User message").fill('[[reply: {"ok": true}]]');
    await page.getByRole("button", { name: "Create test" }).click();
    await expect(page.getByRole("link", { name: "is JSON" })).toBeVisible();

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export" }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, "utf8"));
    expect(exported).toMatchObject({ object: "atelier.assistant_tests", tests: [{ name: "is JSON", turns: [{ content: '[[reply: {"ok": true}]]' }], assertions: [{ type: "is-json", value: { type: "object" } }] }] });

    // The same file imports as a second copy; a broken one is refused, naming the test and field.
    await page.getByLabel("Import tests from a JSON file").setInputFiles({ name: "tests.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
    await expect(page.getByRole("status").filter({ hasText: "Imported 1 test." })).toBeVisible();
    await expect(page.getByRole("link", { name: "is JSON" })).toHaveCount(2);
    const broken = { tests: [exported.tests[0], { name: "", turns: [] }] };
    await page.getByLabel("Import tests from a JSON file").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
    await expect(page.getByRole("alert").filter({ hasText: /^Test 2, / })).toBeVisible();
    await expect(page.getByRole("link", { name: "is JSON" })).toHaveCount(2);
  });
});
