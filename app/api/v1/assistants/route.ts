import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { assistantCreateSchema } from "@/lib/assistants/schema";
import { createAssistant, listAssistants } from "@/lib/assistants/service";
import { toAssistantObject, toListObject } from "@/lib/assistants/wire";
import { listQuerySchema } from "@/lib/pagination";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  const page = await listAssistants(caller.workspaceId, query);
  return toListObject(page.data.map(toAssistantObject), page.hasMore);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(assistantCreateSchema, await readJsonBody(request));
  return toAssistantObject(await createAssistant(caller.workspaceId, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
