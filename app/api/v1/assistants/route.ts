import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { assistantCreateSchema } from "@/lib/assistants/schema";
import { createAssistant, listAssistants } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { toListObject } from "@/lib/wire";
import { listQuerySchema } from "@/lib/pagination";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  return toListObject(await listAssistants(caller, query), toAssistantObject);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(assistantCreateSchema, await readJsonBody(request));
  return toAssistantObject(await createAssistant(caller, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
