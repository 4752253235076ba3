import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { listQuerySchema } from "@/lib/pagination";
import { threadCreateSchema } from "@/lib/threads/schema";
import { createThread, listThreads } from "@/lib/threads/service";
import { toThreadObject } from "@/lib/threads/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

/** Atelier extension: OpenAI has no thread list; the playground's sidebar needs one. */
export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  return toListObject(await listThreads(caller, query), toThreadObject);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(threadCreateSchema, await readJsonBody(request));
  return toThreadObject(await createThread(caller, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
