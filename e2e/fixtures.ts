import { randomBytes } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import OpenAI from "openai";
import { createPageProblems, describeProblems, type PageProblems } from "./support/page-problems";

// Shared fixtures for the browser specs. The app under test is started by playwright.config.ts's
// webServer (e2e/support/serve.ts) with E2E_ADMIN_KEY as its admin key, on a database of its own.
//
//   api         an `openai` SDK client for the app's /api/v1, authorised with the admin key; what a
//               spec creates through it is deleted after the test (best effort).
//   uniqueName  makes names that no other test, worker or earlier run uses.
//   owner       the first owner's credentials (E2E_ADMIN_EMAIL/PASSWORD, created at start-up).
//   ownerPage   `page`, signed in as that owner through the sign-in form.
//   inviteMember(role) invites a new person through Settings → Members as the owner, and has them
//               accept the link in a browser context of their own: resolves to their signed-in page.
//   pageProblems watches every page of the test (and invited members' pages): a console error, an
//               uncaught exception, a CSP violation or a response ≥ 400 fails the test, unless the
//               test allowed it with `pageProblems.allow(/pattern/, "why it is expected")`.

/** `e2e <prefix> <worker>-<time>-<random>`: unique per call, and easy to spot in the UI. */
export function uniqueName(prefix = "item", workerIndex = 0): string {
  return `e2e ${prefix} w${workerIndex}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export function apiClient(baseURL: string): OpenAI {
  const apiKey = process.env.E2E_ADMIN_KEY;
  if (!apiKey) throw new Error("E2E_ADMIN_KEY is not set: run the specs through playwright.config.ts (npx playwright test)");
  return new OpenAI({ baseURL: `${baseURL.replace(/\/$/, "")}/api/v1`, apiKey, maxRetries: 0, timeout: 15_000 });
}

export type Credentials = { email: string; password: string };
export type Member = Credentials & { page: Page };

/** Signs in through the form; resolves once the console shell is showing. */
export async function signIn(page: Page, { email, password }: Credentials): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

export const MEMBER_PASSWORD = "member password 123";

async function invite(owner: Page, browser: Browser, role: "owner" | "editor" | "viewer", email: string, problems: PageProblemsWatcher): Promise<Member> {
  await owner.goto("/settings/members");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption(role);
  await owner.getByRole("button", { name: "Create invite link" }).click();
  // This invitation's link, not one listed under "Pending invitations" (other workers invite too).
  const created = owner.getByRole("region", { name: "New invite link" });
  await expect(created).toContainText(email);
  const link = await created.getByLabel("Invite link").textContent();
  if (!link?.includes("/invite/")) throw new Error(`no invite link shown: ${link}`);

  const context = await browser.newContext();
  const page = waitForHydrationOnNavigation(await context.newPage());
  await problems.watch(page);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: /^Join / })).toBeVisible();
  await page.getByLabel("Your name").fill(`Member ${role}`);
  await page.getByLabel("Choose a password").fill(MEMBER_PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  return { page, email, password: MEMBER_PASSWORD };
}

type PageProblemsWatcher = ReturnType<typeof createPageProblems>;

type Fixtures = {
  pageProblems: PageProblems;
  page: Page;
  api: OpenAI;
  uniqueName: (prefix?: string) => string;
  owner: Credentials;
  ownerPage: Page;
  inviteMember: (role: "owner" | "editor" | "viewer") => Promise<Member>;
};

/** page.goto and page.reload that return once React has hydrated the page (<html data-hydrated>). */
export function waitForHydrationOnNavigation(page: Page): Page {
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  const hydrated = () => page.locator("html[data-hydrated]").waitFor();
  page.goto = async (...args: Parameters<Page["goto"]>) => {
    const response = await goto(...args);
    await hydrated();
    return response;
  };
  page.reload = async (...args: Parameters<Page["reload"]>) => {
    const response = await reload(...args);
    await hydrated();
    return response;
  };
  return page;
}

export const test = base.extend<Fixtures & { pageProblemsWatcher: PageProblemsWatcher }>({
  pageProblemsWatcher: async ({}, provide, testInfo) => {
    const problems = createPageProblems();
    await provide(problems);
    // Only a test that otherwise passed fails for these (a failed one already says why).
    const found = problems.unexpected();
    if (found.length && testInfo.status === testInfo.expectedStatus) {
      throw new Error(`The browser reported ${found.length} problem(s) (allow an expected one with pageProblems.allow):\n${describeProblems(found)}`);
    }
  },
  pageProblems: async ({ pageProblemsWatcher }, provide) => {
    await provide(pageProblemsWatcher);
  },
  page: async ({ page, pageProblemsWatcher }, provide) => {
    await pageProblemsWatcher.watch(page);
    // Pages the test opens in the same context (popups, new tabs) are watched too.
    page.context().on("page", (opened) => void pageProblemsWatcher.watch(opened));
    await provide(waitForHydrationOnNavigation(page));
  },
  api: async ({ baseURL }, provide) => {
    if (!baseURL) throw new Error("use.baseURL is not set in playwright.config.ts");
    const client = apiClient(baseURL);
    const created: string[] = [];
    // Remember every assistant a spec creates, so the test leaves the shared database as it found it.
    const create = client.beta.assistants.create.bind(client.beta.assistants);
    client.beta.assistants.create = ((...args: Parameters<typeof create>) => {
      const promise = create(...args);
      void promise.then((assistant) => created.push(assistant.id), () => {});
      return promise;
    }) as typeof create;
    await provide(client);
    for (const id of created) await client.beta.assistants.delete(id).catch(() => {});
  },
  // (`provide` is Playwright's `use`, renamed so the React hooks lint rule does not mistake it for a hook.)
  uniqueName: async ({}, provide, testInfo) => {
    await provide((prefix?: string) => uniqueName(prefix, testInfo.workerIndex));
  },
  owner: async ({}, provide) => {
    const email = process.env.E2E_ADMIN_EMAIL;
    const password = process.env.E2E_ADMIN_PASSWORD;
    if (!email || !password) throw new Error("E2E_ADMIN_EMAIL/PASSWORD are not set: run the specs through playwright.config.ts");
    await provide({ email, password });
  },
  ownerPage: async ({ page, owner }, provide) => {
    await signIn(page, owner);
    await provide(page);
  },
  inviteMember: async ({ ownerPage, browser, pageProblemsWatcher }, provide, testInfo) => {
    const members: Member[] = [];
    await provide(async (role) => {
      const email = `${role}-w${testInfo.workerIndex}-${Date.now().toString(36)}${randomBytes(2).toString("hex")}@e2e.example`;
      const member = await invite(ownerPage, browser, role, email, pageProblemsWatcher);
      members.push(member);
      return member;
    });
    for (const member of members) await member.page.context().close();
  },
});

export { expect };
