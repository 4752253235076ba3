import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getBatch } from "@/lib/vector-stores/files";
import { toBatchObject } from "@/lib/vector-stores/wire";

type Params = { vector_store_id: string; batch_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toBatchObject(await getBatch(caller.workspaceId, params.vector_store_id, params.batch_id)));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
