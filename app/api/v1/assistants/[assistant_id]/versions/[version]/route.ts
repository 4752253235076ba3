import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getVersion } from "@/lib/assistants/versions";
import { parseVersionNumber } from "@/lib/assistants/versions-schema";
import { toVersionObject } from "@/lib/assistants/version-wire";
import { AppError } from "@/lib/errors";

type Params = { assistant_id: string; version: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => {
  const version = parseVersionNumber(params.version);
  if (version === null) throw new AppError("not_found", `Assistant '${params.assistant_id}' has no version '${params.version}'.`);
  return toVersionObject(await getVersion(caller, params.assistant_id, version));
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
