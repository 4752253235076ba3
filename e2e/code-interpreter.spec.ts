import { existsSync } from "node:fs";
import { expect, test } from "./fixtures";
import { createAssistant, lastReply, send } from "./playground-helpers";

// The code interpreter in the playground (issue 23): the model's Python call is a card with the
// code, what it printed, its charts and the files it wrote; the reply shows the chart and links the
// file; the inspector lists the call; Settings and the editor say which sandbox runs the code. The
// console's server runs the `bwrap` sandbox where bubblewrap is installed (.ci/run installs it;
// playwright.config.ts), which draws charts; the pyodide sandbox is covered by the API tests.

const BWRAP = existsSync("/usr/bin/bwrap") && existsSync("/usr/bin/python3");

test("a code interpreter call shows its code, logs, chart and file in the playground, and the reply shows them too", async ({ ownerPage: page, api, uniqueName }) => {
  test.skip(!BWRAP && !process.env.CI, "needs bubblewrap and python3-matplotlib (apt-get install bubblewrap python3-matplotlib python3-pandas)");
  test.setTimeout(90_000);
  const id = await createAssistant(api, uniqueName("code"), { tools: [{ type: "code_interpreter" }] });
  await page.goto(`/assistants/${id}/playground`);
  await page.waitForLoadState("networkidle");
  const code = [
    "import statistics",
    "import matplotlib.pyplot as plt",
    "values = [3, 4, 8]",
    "print('mean', statistics.mean(values))",
    "plt.bar(['a', 'b', 'c'], values)",
    "plt.show()",
    "open('/mnt/data/values.csv', 'w').write('value\\n3\\n4\\n8\\n')",
  ].join("\n");
  await send(page, `[[python:\n${code}\n]] [[after-tools: The mean is 5. [Download the values](sandbox:/mnt/data/values.csv)]]`);
  const reply = lastReply(page);
  await expect(reply).toContainText("The mean is 5.", { timeout: 60_000 });

  const card = page.getByRole("article", { name: /^Tool call / });
  await expect(card.getByText("code_interpreter", { exact: true })).toBeVisible();
  await expect(card.getByText(/^Ran in /)).toBeVisible();
  await expect(card.getByLabel("Sandbox: bwrap")).toBeVisible();
  await expect(card.getByRole("figure").filter({ hasText: "Code (Python)" })).toContainText("statistics.mean(values)");
  await expect(card.getByRole("figure").filter({ hasText: "Output" })).toContainText("mean 5");
  // The chart is a real PNG the console serves, shown at its size.
  const chart = card.getByRole("img", { name: "Chart 1 from the code" });
  await expect(chart).toBeVisible();
  await expect.poll(() => chart.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(100);
  await expect(card.getByRole("region", { name: "Files from the code" }).getByRole("link", { name: /values\.csv/ })).toBeVisible();

  // The reply: the chart under the text, the sandbox link made a download of the File.
  await expect(reply.getByRole("img", { name: "Image 1 in the reply" })).toBeVisible();
  const link = reply.getByRole("link", { name: /values\.csv/ });
  await expect(link).toHaveAttribute("href", /^\/files\/file-[^/]+\/download$/);
  const download = await page.request.get((await link.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe("value\n3\n4\n8\n");
  await expect(page.locator('a[href^="sandbox:"]')).toHaveCount(0);
});

test("Settings and the editor say which sandbox runs the code and what it can import", async ({ ownerPage: page, api, uniqueName }) => {
  await page.goto("/settings/code-interpreter");
  await expect(page.getByRole("heading", { name: "Code interpreter" })).toBeVisible();
  const table = page.getByRole("table", { name: "Code interpreter settings" });
  await expect(table).toContainText("ATELIER_CODE_SANDBOX");
  await expect(table).toContainText(BWRAP ? "bwrap" : "pyodide");
  await expect(table).toContainText("ATELIER_CODE_TIMEOUT_SECONDS");

  const id = await createAssistant(api, uniqueName("code-editor"), { tools: [{ type: "code_interpreter" }] });
  await page.goto(`/assistants/${id}`);
  await expect(page.getByRole("note").filter({ hasText: "sandbox" })).toContainText(BWRAP ? "bwrap" : "pyodide");
});
