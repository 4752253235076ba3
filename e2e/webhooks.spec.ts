import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expect, test } from "./fixtures";
import { createAssistant, send, WEATHER } from "./playground-helpers";

// Settings → Webhooks as people use it, against a receiver started here on 127.0.0.1 (which the
// app under test allows through ATELIER_TOOL_ALLOWED_HOSTS): an owner makes the signing secret,
// adds an endpoint (a private address is refused first), sends it a test event that verifies with
// the secret, sees the delivery in the log with the receiver's answer, and redelivers it with the
// same event id. An editor sees all of it and may redeliver, but changes no endpoint. The run
// inspector shows the run.action_required delivery of a playground run whose assistant has a
// webhook_url.

let receiver: Server;
let base: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end(`thanks for ${req.headers["webhook-id"]}`);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

const hookUrl = () => `${base}/hook-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const sentTo = (url: string) => received.filter((request) => request.path === new URL(url).pathname);

async function addEndpoint(page: Page, url: string) {
  await page.goto("/settings/webhooks");
  const form = page.getByRole("region", { name: "Add an endpoint" });
  await form.getByLabel("Endpoint URL").fill(url);
  await form.getByLabel("Description").fill("e2e receiver");
  await form.getByLabel(/run\.completed/).check();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByRole("status")).toContainText(`Added ${url}`);
  return page.getByRole("region", { name: url, exact: true });
}

test.describe("webhooks", () => {
  test("an owner adds an endpoint, sends a signed test event, sees it in the log and redelivers it", async ({ ownerPage: page }) => {
    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);

    // A new signing secret, shown once.
    const signing = page.getByRole("region", { name: "Signing secret" });
    await signing.getByRole("button", { name: /^(Rotate secret|Create signing secret)…$/ }).click();
    await signing.getByRole("group").getByRole("button", { name: /^(Rotate secret|Create secret)$/ }).click();
    const secretField = signing.getByLabel("Signing secret", { exact: true });
    await expect(secretField).toHaveText(/^whsec_/);
    const secret = (await secretField.textContent())!;
    await signing.getByRole("button", { name: "Done" }).click();
    await expect(signing).toContainText(`Current secret …${secret.slice(-4)}`);
    await expect(signing).not.toContainText(secret);

    // The outbound rules, as the form shows them.
    const form = page.getByRole("region", { name: "Add an endpoint" });
    await form.getByLabel("Endpoint URL").fill("https://10.1.2.3/hook");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByText(/10\.1\.2\.3 is not a public address/)).toBeVisible();
    await form.getByLabel(/run\.action_required/).uncheck();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByText("Choose at least one event.")).toBeVisible();

    const url = hookUrl();
    const card = await addEndpoint(page, url);
    await expect(card.getByRole("list", { name: `Events sent to ${url}` })).toContainText("run.completed");
    await expect(card.getByRole("list", { name: `Events sent to ${url}` })).toContainText("run.action_required");

    await card.getByRole("button", { name: `Send a test event to ${url}` }).click();
    await expect(card.getByRole("status")).toContainText("Test event evt_test_");
    await page.getByLabel("Show", { exact: true }).selectOption({ label: url });
    const log = page.getByRole("list", { name: "Webhook deliveries" });
    const delivery = log.getByRole("listitem").filter({ hasText: "webhook.test" });
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText("Delivered");
    await expect(delivery).toContainText("1 attempt, last HTTP 200");

    // What the receiver got verifies with the secret shown once.
    expect(sentTo(url)).toHaveLength(1);
    const [first] = sentTo(url);
    const event = new Webhook(secret).verify(first!.body, first!.headers as Record<string, string>) as { id: string; type: string };
    expect(event.type).toBe("webhook.test");

    await delivery.getByRole("button", { name: "Attempts" }).click();
    await expect(delivery.getByLabel("Response (first bytes)")).toHaveText(`thanks for ${event.id}`);

    await delivery.getByRole("button", { name: `Redeliver webhook.test to ${url}` }).click();
    await expect(delivery).toContainText("2 attempts, last HTTP 200");
    await expect.poll(() => sentTo(url).length).toBe(2);
    expect(sentTo(url)[1]!.headers["webhook-id"]).toBe(event.id);

    await card.getByRole("button", { name: `Delete endpoint ${url}` }).click();
    await page.getByRole("button", { name: "Delete endpoint", exact: true }).click();
    await expect(card).toBeHidden();
  });

  test("an editor sees the endpoints and the log and may redeliver, but not change endpoints", async ({ ownerPage: page, inviteMember }) => {
    const url = hookUrl();
    const card = await addEndpoint(page, url);
    await card.getByRole("button", { name: `Send a test event to ${url}` }).click();
    await expect.poll(() => sentTo(url).length).toBe(1);

    const editor = await inviteMember("editor");
    await editor.page.goto("/settings/webhooks");
    await expect(editor.page.getByRole("region", { name: "Add an endpoint" })).toHaveCount(0);
    const seen = editor.page.getByRole("region", { name: url, exact: true });
    await expect(seen).toContainText("e2e receiver");
    await expect(seen.getByRole("button")).toHaveCount(0);
    await expect(editor.page.getByText("Only owners can create or rotate the secret.")).toBeVisible();

    await editor.page.getByLabel("Show", { exact: true }).selectOption({ label: url });
    const delivery = editor.page.getByRole("list", { name: "Webhook deliveries" }).getByRole("listitem").filter({ hasText: "webhook.test" });
    await expect(delivery).toContainText("Delivered");
    await delivery.getByRole("button", { name: `Redeliver webhook.test to ${url}` }).click();
    await expect(delivery).toContainText("2 attempts");
    await expect.poll(() => sentTo(url).length).toBe(2);

    await page.goto("/settings/webhooks");
    await card.getByRole("button", { name: `Delete endpoint ${url}` }).click();
    await page.getByRole("button", { name: "Delete endpoint", exact: true }).click();
    await expect(card).toBeHidden();
  });

  test("the run inspector shows a run's delivery to its assistant's webhook_url", async ({ ownerPage: page, api, uniqueName }) => {
    const url = hookUrl();
    const id = await createAssistant(api, uniqueName("webhook"), { tools: [WEATHER], webhook_url: url });
    await page.goto(`/assistants/${id}/playground`);
    await send(page, '[[tool: get_weather {"city": "Oslo"}]]');
    await expect(page.getByRole("button", { name: "Submit output" })).toBeVisible();
    await expect.poll(() => sentTo(url).length).toBe(1);
    const inspector = page.getByRole("tabpanel", { name: "Run inspector" });
    const delivery = inspector.getByRole("list", { name: "Webhook deliveries of this run" }).getByRole("listitem").filter({ hasText: url });
    await expect(delivery).toContainText("run.action_required");
    await expect(delivery).toContainText("Delivered");
    const event = JSON.parse(sentTo(url)[0]!.body) as { type: string; data: { status: string; required_action: { submit_tool_outputs: { tool_calls: { function: { name: string } }[] } } } };
    expect(event.type).toBe("run.action_required");
    expect(event.data.required_action.submit_tool_outputs.tool_calls[0]!.function.name).toBe("get_weather");
  });
});
