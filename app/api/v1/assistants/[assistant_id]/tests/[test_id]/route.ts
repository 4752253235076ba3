import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { testUpdateSchema } from "@/lib/assistant-tests/schema";
import { deleteTest, findTest, updateTest } from "@/lib/assistant-tests/service";
import { toDeletedTestObject, toTestObject } from "@/lib/assistant-tests/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { assistant_id: string; test_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toTestObject(await findTest(caller, params.assistant_id, params.test_id)));

/** Changes the fields given; `turns` and `assertions` are replaced whole. */
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(testUpdateSchema, await readJsonBody(request));
  return toTestObject(await updateTest(caller, params.assistant_id, params.test_id, input));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteTest(caller, params.assistant_id, params.test_id);
  return toDeletedTestObject(params.test_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
