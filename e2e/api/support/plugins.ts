import { api } from "./http";

// Plugins a test's assistants can name as tools (issue 24: a plugin tool's type must be registered
// in the workspace). A one-operation document on a public https server: enough to register.

export const pluginDocument = (title: string) => ({
  openapi: "3.1.0",
  info: { title, version: "1" },
  servers: [{ url: "https://plugins.example.com/api" }],
  paths: { "/ping": { get: { operationId: "ping", summary: "Answers pong", responses: { "200": { description: "pong" } } } } },
});

/** Registers plugin `id` in the API key's workspace; `auth: user` (each assistant gives its token) unless told. */
export async function registerPlugin(key: string, id: string, auth: Record<string, unknown> = { type: "user" }): Promise<void> {
  const response = await api("POST", "/plugins", { key, json: { id, name: id, openapi: pluginDocument(id), auth } });
  if (response.status !== 200) throw new Error(`registering plugin ${id}: ${response.status} ${response.text}`);
}
