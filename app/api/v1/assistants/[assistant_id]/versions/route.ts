import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/request";
import { listVersions } from "@/lib/assistants/versions";
import { versionListQuerySchema } from "@/lib/assistants/versions-schema";
import { toVersionList } from "@/lib/assistants/version-wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { assistant_id: string };

/** An assistant's versions, newest first (Atelier extension). */
export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(versionListQuerySchema, searchParamsObject(request));
  return toVersionList(await listVersions(caller, params.assistant_id, query));
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
