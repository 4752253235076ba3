import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { createMcpServerSchema } from "@/lib/mcp/schema";
import { createMcpServer, listMcpServers } from "@/lib/mcp/service";
import { toMcpServerObject } from "@/lib/mcp/wire";
import { listQuerySchema } from "@/lib/pagination";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  return toListObject(await listMcpServers(caller, query), toMcpServerObject);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(createMcpServerSchema, await readJsonBody(request));
  return toMcpServerObject(await createMcpServer(caller, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
