import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { threadUpdateSchema } from "@/lib/threads/schema";
import { deleteThread, getThread, updateThread } from "@/lib/threads/service";
import { toThreadDeletedObject, toThreadObject } from "@/lib/threads/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { thread_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toThreadObject(await getThread(caller, params.thread_id)));

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const patch = parseOrThrow(threadUpdateSchema, await readJsonBody(request));
  return toThreadObject(await updateThread(caller, params.thread_id, patch));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteThread(caller, params.thread_id);
  return toThreadDeletedObject(params.thread_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
