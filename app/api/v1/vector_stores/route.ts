import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { storeListQuerySchema } from "@/lib/vector-stores/list-query";
import { createStoreSchema } from "@/lib/vector-stores/schema";
import { createStore, listStores } from "@/lib/vector-stores/service";
import { toVectorStoreObject } from "@/lib/vector-stores/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(storeListQuerySchema, searchParamsObject(request));
  return toListObject(await listStores(caller, query), toVectorStoreObject);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(createStoreSchema, await readJsonBody(request));
  return toVectorStoreObject(await createStore(caller, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
