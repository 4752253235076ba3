import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { getStoreFile, removeStoreFile, updateStoreFileAttributes } from "@/lib/vector-stores/files";
import { updateAttributesSchema } from "@/lib/vector-stores/schema";
import { toStoreFileDeletedObject, toVectorStoreFileObject } from "@/lib/vector-stores/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string; file_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) =>
  toVectorStoreFileObject(await getStoreFile(caller.workspaceId, params.vector_store_id, params.file_id)),
);

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const { attributes } = parseOrThrow(updateAttributesSchema, await readJsonBody(request));
  return toVectorStoreFileObject(await updateStoreFileAttributes(caller, params.vector_store_id, params.file_id, attributes));
});

// Out of this store only; the file stays in the Files API.
export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await removeStoreFile(caller, params.vector_store_id, params.file_id);
  return toStoreFileDeletedObject(params.file_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
