import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { createBatch } from "@/lib/vector-stores/files";
import { createBatchSchema } from "@/lib/vector-stores/schema";
import { toBatchObject } from "@/lib/vector-stores/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string };

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const files = parseOrThrow(createBatchSchema, await readJsonBody(request));
  return toBatchObject(await createBatch(caller, params.vector_store_id, files));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
