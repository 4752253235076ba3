import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { modifyStoreSchema } from "@/lib/vector-stores/schema";
import { deleteStore, getStore, modifyStore } from "@/lib/vector-stores/service";
import { toStoreDeletedObject, toVectorStoreObject } from "@/lib/vector-stores/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toVectorStoreObject(await getStore(caller.workspaceId, params.vector_store_id)));

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(modifyStoreSchema, await readJsonBody(request));
  return toVectorStoreObject(await modifyStore(caller, params.vector_store_id, input));
});

// The store's files stay in the Files API; their chunks go with the store.
export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteStore(caller, params.vector_store_id);
  return toStoreDeletedObject(params.vector_store_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
