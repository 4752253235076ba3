import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { setLabel } from "@/lib/assistants/versions";
import { labelSetSchema } from "@/lib/assistants/versions-schema";
import { toVersionObject } from "@/lib/assistants/version-wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { assistant_id: string };

/** `{"label": "production", "version": 12}`: the label points at that version (moved if it pointed elsewhere). */
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const { label, version } = parseOrThrow(labelSetSchema, await readJsonBody(request));
  return toVersionObject(await setLabel(caller, params.assistant_id, label, version));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
