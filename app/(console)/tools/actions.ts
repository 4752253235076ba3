"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/auth/action";
import { createMcpServerSchema, updateMcpServerSchema } from "@/lib/mcp/schema";
import { createMcpServer, deleteMcpServer, listMcpServerTools, updateMcpServer } from "@/lib/mcp/service";
import { offeredInputSchema, toMcpServerObject, toMcpToolObject } from "@/lib/mcp/wire";
import { createPluginSchema, updatePluginSchema } from "@/lib/plugins/schema";
import { createPlugin, deletePlugin, listPluginOperations, updatePlugin } from "@/lib/plugins/service";
import { toPluginObject, toPluginOperationObject } from "@/lib/plugins/wire";
import { schemaErrors } from "@/lib/schema-builder/problems";
import { parseOrThrow } from "@/lib/validation";
import { z } from "@/lib/zod";

// The Tools page (plugins and MCP servers), through the same services, schemas and wire mappers as
// /api/v1/plugins and /api/v1/mcp_servers: the forms send the API's request bodies, and results are
// the API's objects (secrets only as their masks). Writes need an editor, as in the API; listing a
// plugin's operations or a server's live tools is a read, as GET …/operations and GET …/tools are.

const PAGE = "/tools";

// Ids are checked by the services (a malformed one is simply not found); here only their size.
const id = z.string().min(1).max(128);
const idInput = z.object({ id });
// Edits carry the API's partial update under `values`, so its field errors are named as the form's.
const editInput = z.object({ id, values: z.unknown() });

export const addPlugin = workspaceAction({ role: "editor", schema: createPluginSchema }, async ({ input, caller }) => {
  const plugin = toPluginObject(await createPlugin(caller, input));
  revalidatePath(PAGE);
  return plugin;
});

export const editPlugin = workspaceAction({ role: "editor", schema: editInput }, async ({ input, caller }) => {
  const plugin = toPluginObject(await updatePlugin(caller, input.id, parseOrThrow(updatePluginSchema, input.values)));
  revalidatePath(PAGE);
  return plugin;
});

export const removePlugin = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deletePlugin(caller, input.id);
  revalidatePath(PAGE);
  return { id: input.id };
});

/**
 * The functions a run would offer the model, as GET /v1/plugins/{id}/operations lists them: the
 * strict-mode lint is information (plugin functions are offered without `strict`), not an error.
 */
export const testPlugin = workspaceAction({ role: "viewer", schema: idInput }, async ({ input, caller }) => {
  const operations = await listPluginOperations(caller, input.id);
  return operations.map((operation) => toPluginOperationObject(operation, schemaErrors(operation.parameters, { target: "function", strict: true })));
});

export const addMcpServer = workspaceAction({ role: "editor", schema: createMcpServerSchema }, async ({ input, caller }) => {
  const server = toMcpServerObject(await createMcpServer(caller, input));
  revalidatePath(PAGE);
  return server;
});

export const editMcpServer = workspaceAction({ role: "editor", schema: editInput }, async ({ input, caller }) => {
  const server = toMcpServerObject(await updateMcpServer(caller, input.id, parseOrThrow(updateMcpServerSchema, input.values)));
  revalidatePath(PAGE);
  return server;
});

export const removeMcpServer = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteMcpServer(caller, input.id);
  revalidatePath(PAGE);
  return { id: input.id };
});

/**
 * A live tools/list, as GET /v1/mcp_servers/{id}/tools answers it. A server that cannot be reached
 * is a `bad_gateway` failure whose message says why (the wrapper turns the AppError into the result).
 */
export const testMcpServer = workspaceAction({ role: "viewer", schema: idInput }, async ({ input, caller }) => {
  const { server, tools } = await listMcpServerTools(caller, input.id);
  return tools.map((tool) => toMcpToolObject(tool, server, schemaErrors(offeredInputSchema(tool.inputSchema), { target: "function", strict: true })));
});
