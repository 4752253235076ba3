import { expect, test } from "./fixtures";

// Every main page opens without anything going wrong in the browser: no console error, no uncaught
// exception, no Content-Security-Policy violation (the CSP has no 'unsafe-eval'), no response ≥ 400
// (a missing favicon included). The `pageProblems` fixture fails the test on any of them; these tests
// only have to visit the pages and let them settle.

const SETTINGS = [
  { path: "/settings", heading: "Settings" },
  { path: "/settings/members", heading: "Settings" },
  { path: "/settings/api-keys", heading: "Settings" },
  { path: "/settings/providers", heading: "Settings" },
  { path: "/settings/webhooks", heading: "Settings" },
  { path: "/settings/code-interpreter", heading: "Settings" },
  { path: "/settings/activity", heading: "Settings" },
  { path: "/settings/account", heading: "Settings" },
];

test.describe("page health", () => {
  test("the console's pages open without console errors, CSP violations or failed requests", async ({ ownerPage: page, api, uniqueName }) => {
    test.setTimeout(90_000);
    const assistant = await api.beta.assistants.create({ name: uniqueName("health"), model: "scripted-1" });
    const pages = [
      { path: "/assistants", heading: "Assistants" },
      { path: "/assistants/new", heading: "New assistant" },
      { path: `/assistants/${assistant.id}`, heading: assistant.name! },
      { path: `/assistants/${assistant.id}/history`, heading: `History of ${assistant.name!}` },
      { path: `/assistants/${assistant.id}/compare`, heading: `Compare variants of ${assistant.name!}` },
      { path: `/assistants/${assistant.id}/tests`, heading: `Tests of ${assistant.name!}` },
      { path: `/assistants/${assistant.id}/tests/new`, heading: `New test for ${assistant.name!}` },
      { path: "/playground", heading: "Playground" },
      { path: "/files", heading: "Files" },
      { path: "/vector-stores", heading: "Vector stores" },
      { path: "/tools", heading: "Tools" },
      { path: `/assistants/${assistant.id}/playground`, heading: null },
      ...SETTINGS,
    ];
    for (const { path, heading } of pages) {
      await test.step(path, async () => {
        await page.goto(path);
        await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, "\\$&")}$`));
        if (heading) await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        // Lets what the page loads after hydration (the models list, the favicon, queries) arrive.
        await page.waitForLoadState("networkidle");
      });
    }
  });

  test("the same pages open cleanly for a viewer", async ({ api, uniqueName, inviteMember }) => {
    test.setTimeout(90_000);
    const assistant = await api.beta.assistants.create({ name: uniqueName("health viewer"), model: "scripted-1" });
    const { page } = await inviteMember("viewer");
    for (const path of ["/assistants", "/assistants/new", `/assistants/${assistant.id}`, "/playground", `/assistants/${assistant.id}/playground`, `/assistants/${assistant.id}/compare`, `/assistants/${assistant.id}/tests`, "/files", "/vector-stores", "/tools", ...SETTINGS.map((item) => item.path)]) {
      await test.step(path, async () => {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("heading", { level: 1, name: /could not be loaded|not found/i })).toHaveCount(0);
        await page.waitForLoadState("networkidle");
      });
    }
  });

  test("a reader whose clock differs from the server's gets the list without a hydration error", async ({ ownerPage: page, api, uniqueName }) => {
    const name = uniqueName("clock");
    await api.beta.assistants.create({ name, model: "scripted-1" });
    // The server says "just now"; this browser, three hours ahead, would say "3 hours ago".
    await page.clock.setSystemTime(Date.now() + 3 * 3600_000);
    await page.goto(`/assistants?q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("row").filter({ hasText: name })).toBeVisible();
    await page.waitForLoadState("networkidle");
  });

  test("sign-in opens without console errors, CSP violations or failed requests", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await page.waitForLoadState("networkidle");
  });

  test("the favicon is served", async ({ request }) => {
    for (const path of ["/favicon.ico", "/icon.svg"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["content-type"], path).toMatch(/^image\//);
    }
  });
});
