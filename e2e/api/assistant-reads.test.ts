import { afterAll, describe, expect, it } from "vitest";
import { createTestWorkspace, provision, releaseDatabase } from "./support/workspace";

// The hot reads run as plain SQL (lib/assistants/queries.ts) but are typed as Prisma's `Assistant`.
// If a column is added to the schema and not to that SQL, or pg parses a type differently from
// Prisma, these comparisons fail: the SQL rows must equal what Prisma itself returns.

afterAll(releaseDatabase);

const FULL = {
  model: "qwen-max",
  name: "Every column set",
  description: "d",
  instructions: "i",
  tools: [
    { type: "function" as const, function: { name: "f", parameters: { type: "object", properties: { b: { type: "string" }, a: { type: "number" } } } } },
    { type: "my_plugin", auth: { type: "user_http" as const, user_token: "secret-token-123456" } },
  ],
  // Ids in tool_resources must be real files (checked on create); an empty list still fills the column.
  tool_resources: { code_interpreter: { file_ids: [] } },
  metadata: { z: "1", a: "2" },
  temperature: 0.25,
  top_p: 0.5,
  top_k: 7,
  max_tokens: 99,
  reasoning_effort: "low" as const,
  response_format: { type: "json_schema" as const, json_schema: { name: "out", schema: { type: "object" } } },
  user_id: "user_1",
  webhook_url: "https://example.com/hook",
};

describe("plain-SQL reads match Prisma", () => {
  it("retrieve and list pages return exactly Prisma's rows, for full and sparse assistants", async () => {
    await provision(async (lib) => {
      const workspace = await createTestWorkspace(lib, "reads");
      // FULL's plugin tool names a plugin the workspace registered (issue 24).
      await lib.db.getDb().plugin.create({ data: { workspaceId: workspace.id, id: "my_plugin", name: "My plugin", openapi: {}, operations: [], serverUrl: "https://plugins.example.com", authType: "user" } });
      const full = await lib.assistants.createAssistant(workspace.caller, FULL);
      const sparse = await lib.assistants.createAssistant(workspace.caller, { model: "m" });
      const prisma = lib.db.getDb();
      for (const created of [full, sparse]) {
        const viaPrisma = await prisma.assistant.findUniqueOrThrow({ where: { id: created.id } });
        const viaSql = await lib.assistants.getAssistant(workspace.caller, created.id);
        expect(viaSql).toStrictEqual(viaPrisma);
        expect(Object.keys(viaSql)).toEqual(Object.keys(viaPrisma));
      }
      const page = await lib.assistants.listAssistants(workspace.caller, { limit: 20, order: "asc" });
      const rows = await prisma.assistant.findMany({ where: { workspaceId: workspace.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      expect(page).toStrictEqual({ data: rows, hasMore: false });
      // json, not jsonb: property order as sent.
      expect(Object.keys((page.data[0]!.tools as { function: { parameters: { properties: object } } }[])[0]!.function.parameters.properties)).toEqual(["b", "a"]);
    });
  });

  it("the key lookup sees what Prisma stores, including revocation", async () => {
    await provision(async (lib) => {
      const workspace = await createTestWorkspace(lib, "reads-key");
      expect(await lib.apiKeys.resolveApiKey(workspace.apiKey)).toMatchObject({ workspaceId: workspace.id, keyId: workspace.keyId });
      await lib.db.getDb().apiKey.update({ where: { id: workspace.keyId }, data: { revokedAt: new Date() } });
      expect(await lib.apiKeys.resolveApiKey(workspace.apiKey)).toBeNull();
    });
  });
});
