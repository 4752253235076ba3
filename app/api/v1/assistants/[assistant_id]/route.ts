import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { assistantUpdateSchema } from "@/lib/assistants/schema";
import { deleteAssistant, getAssistant, updateAssistant } from "@/lib/assistants/service";
import { toAssistantObject, toDeletedObject } from "@/lib/assistants/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { assistant_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) =>
  toAssistantObject(await getAssistant(caller, params.assistant_id)),
);

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const patch = parseOrThrow(assistantUpdateSchema, await readJsonBody(request));
  return toAssistantObject(await updateAssistant(caller, params.assistant_id, patch));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteAssistant(caller, params.assistant_id);
  return toDeletedObject(params.assistant_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
