import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { restoreVersion } from "@/lib/assistants/versions";
import { parseVersionNumber, restoreSchema } from "@/lib/assistants/versions-schema";
import { toAssistantObject } from "@/lib/assistants/wire";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";

type Params = { assistant_id: string; version: string };

/** Makes the assistant what version n was, as its next version; the body may carry a `note`. */
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const version = parseVersionNumber(params.version);
  if (version === null) throw new AppError("not_found", `Assistant '${params.assistant_id}' has no version '${params.version}'.`);
  const body = parseOrThrow(restoreSchema, await readJsonBody(request));
  return toAssistantObject(await restoreVersion(caller, params.assistant_id, version, body.note));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
