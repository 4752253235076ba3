import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { removeLabel } from "@/lib/assistants/versions";

type Params = { assistant_id: string; label: string };

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await removeLabel(caller, params.assistant_id, params.label);
  return { object: "assistant.label.deleted", assistant_id: params.assistant_id, label: params.label, deleted: true };
});

const notAllowed = methodNotAllowed(["DELETE"]);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
