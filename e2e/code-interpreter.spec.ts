import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send } from "./playground-helpers";

// The code interpreter in the playground (issue 23): the model's Python call is a card with the
// code and what it printed, the run goes on to the reply, and the inspector lists the call.

test("a code interpreter call shows its code and logs in the playground", async ({ ownerPage: page, api, uniqueName }) => {
  test.setTimeout(90_000);
  const id = await createAssistant(api, uniqueName("code"), { tools: [{ type: "code_interpreter" }] });
  await page.goto(`/assistants/${id}/playground`);
  await page.waitForLoadState("networkidle");
  const code = "import statistics\nprint(statistics.mean([3, 4, 8]))";
  await send(page, `[[tool: python ${JSON.stringify({ code })}]] [[after-tools: The mean is 5.]]`);
  await expect(lastReply(page)).toContainText("The mean is 5.", { timeout: 60_000 });
  const card = page.getByRole("article", { name: /^Tool call / });
  await expect(card.getByText("code_interpreter", { exact: true })).toBeVisible();
  await expect(card.getByText("Ran")).toBeVisible();
  await expect(card.getByRole("figure").filter({ hasText: "Code (Python)" })).toContainText("statistics.mean([3, 4, 8])");
  await expect(card.getByRole("figure").filter({ hasText: "Output" })).toContainText("5");
});
