import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { addStoreFile, listStoreFiles } from "@/lib/vector-stores/files";
import { storeFileListQuerySchema } from "@/lib/vector-stores/list-query";
import { addFileSchema } from "@/lib/vector-stores/schema";
import { toVectorStoreFileObject } from "@/lib/vector-stores/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(storeFileListQuerySchema, searchParamsObject(request));
  return toListObject(await listStoreFiles(caller.workspaceId, params.vector_store_id, query), toVectorStoreFileObject);
});

// Answers at once with the file `in_progress`; ingestion runs in the background (lib/ingest).
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(addFileSchema, await readJsonBody(request));
  return toVectorStoreFileObject(await addStoreFile(caller, params.vector_store_id, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
