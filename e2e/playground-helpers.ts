import type { Page } from "@playwright/test";
import type OpenAI from "openai";

// What the playground specs share: an assistant on the scripted model, a send, the last reply.

export const WEATHER = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  },
};
export const TIME = { type: "function" as const, function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } } };

export async function createAssistant(api: OpenAI, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const assistant = await api.beta.assistants.create({ model: "scripted-1", name, ...extra } as OpenAI.Beta.AssistantCreateParams);
  return assistant.id;
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.getByLabel("Message", { exact: true }).press("Enter");
}

export const lastReply = (page: Page) => page.getByRole("article", { name: "Assistant reply" }).last();

/** The thread the playground shows (it keeps it in the URL's ?thread=). */
export const threadIdOf = (page: Page) => new URL(page.url()).searchParams.get("thread")!;

/** The messages the API has stored for the thread the playground shows, oldest first. */
export async function storedMessages(page: Page, api: OpenAI): Promise<OpenAI.Beta.Threads.Message[]> {
  return (await api.beta.threads.messages.list(threadIdOf(page), { order: "asc" })).data;
}
