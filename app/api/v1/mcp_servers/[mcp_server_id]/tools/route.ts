import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { listMcpServerTools } from "@/lib/mcp/service";
import { offeredInputSchema, toMcpToolObject } from "@/lib/mcp/wire";
import { toOperationListObject } from "@/lib/plugins/wire";
import { schemaErrors } from "@/lib/schema-builder/problems";

type Params = { mcp_server_id: string };

// What the server offers now (a live tools/list, also kept as the server's cached list), each tool
// with whether runs may use it, whether they must ask first, and what the strict-mode lint finds in
// its input schema: MCP tools are offered without `strict`, so these are information (what a
// provider that insists on strict schemas would refuse), not errors.
export const GET = apiRoute<Params>(async ({ params, caller }) => {
  const { server, tools } = await listMcpServerTools(caller, params.mcp_server_id);
  return toOperationListObject(tools.map((tool) => toMcpToolObject(tool, server, schemaErrors(offeredInputSchema(tool.inputSchema), { target: "function", strict: true }))));
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
