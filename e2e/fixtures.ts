import { randomBytes } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import OpenAI from "openai";

// Shared fixtures for the browser specs. The app under test is started by playwright.config.ts's
// webServer (e2e/support/serve.ts) with E2E_ADMIN_KEY as its admin key, on a database of its own.
//
//   api         an `openai` SDK client for the app's /api/v1, authorised with the admin key; what a
//               spec creates through it is deleted after the test (best effort).
//   uniqueName  makes names that no other test, worker or earlier run uses.

/** `e2e <prefix> <worker>-<time>-<random>`: unique per call, and easy to spot in the UI. */
export function uniqueName(prefix = "item", workerIndex = 0): string {
  return `e2e ${prefix} w${workerIndex}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export function apiClient(baseURL: string): OpenAI {
  const apiKey = process.env.E2E_ADMIN_KEY;
  if (!apiKey) throw new Error("E2E_ADMIN_KEY is not set: run the specs through playwright.config.ts (npx playwright test)");
  return new OpenAI({ baseURL: `${baseURL.replace(/\/$/, "")}/api/v1`, apiKey, maxRetries: 0, timeout: 15_000 });
}

type Fixtures = {
  api: OpenAI;
  uniqueName: (prefix?: string) => string;
};

export const test = base.extend<Fixtures>({
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
});

export { expect };
