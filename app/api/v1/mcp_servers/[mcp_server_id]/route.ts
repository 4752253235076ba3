import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { updateMcpServerSchema } from "@/lib/mcp/schema";
import { deleteMcpServer, getMcpServer, updateMcpServer } from "@/lib/mcp/service";
import { toMcpServerDeletedObject, toMcpServerObject } from "@/lib/mcp/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { mcp_server_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toMcpServerObject(await getMcpServer(caller, params.mcp_server_id)));

// A partial update: what the body leaves out stays as it is.
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(updateMcpServerSchema, await readJsonBody(request));
  return toMcpServerObject(await updateMcpServer(caller, params.mcp_server_id, input));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteMcpServer(caller, params.mcp_server_id);
  return toMcpServerDeletedObject(params.mcp_server_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
