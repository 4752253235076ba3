import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { messageUpdateSchema } from "@/lib/messages/schema";
import { deleteMessage, getMessage, updateMessage } from "@/lib/messages/service";
import { toMessageDeletedObject, toMessageObject } from "@/lib/messages/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { thread_id: string; message_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toMessageObject(await getMessage(caller, params.thread_id, params.message_id)));

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const patch = parseOrThrow(messageUpdateSchema, await readJsonBody(request));
  return toMessageObject(await updateMessage(caller, params.thread_id, params.message_id, patch));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteMessage(caller, params.thread_id, params.message_id);
  return toMessageDeletedObject(params.message_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
