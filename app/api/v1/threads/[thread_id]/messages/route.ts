import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { messageCreateSchema, messageListQuerySchema } from "@/lib/messages/schema";
import { createMessage, listMessages } from "@/lib/messages/service";
import { toMessageObject } from "@/lib/messages/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { thread_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(messageListQuerySchema, searchParamsObject(request));
  return toListObject(await listMessages(caller, params.thread_id, query), toMessageObject);
});

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(messageCreateSchema, await readJsonBody(request));
  return toMessageObject(await createMessage(caller, params.thread_id, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
