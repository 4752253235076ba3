import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { cancelBatch } from "@/lib/vector-stores/files";
import { toBatchObject } from "@/lib/vector-stores/wire";

type Params = { vector_store_id: string; batch_id: string };

export const POST = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  return toBatchObject(await cancelBatch(caller, params.vector_store_id, params.batch_id));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
