import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/request";
import { listBatchFiles } from "@/lib/vector-stores/files";
import { storeFileListQuerySchema } from "@/lib/vector-stores/list-query";
import { toVectorStoreFileObject } from "@/lib/vector-stores/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string; batch_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(storeFileListQuerySchema, searchParamsObject(request));
  return toListObject(await listBatchFiles(caller.workspaceId, params.vector_store_id, params.batch_id, query), toVectorStoreFileObject);
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
