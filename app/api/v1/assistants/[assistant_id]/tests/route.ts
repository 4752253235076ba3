import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { testListQuerySchema } from "@/lib/assistant-tests/list-query";
import { testCreateSchema } from "@/lib/assistant-tests/schema";
import { createTest, listTests } from "@/lib/assistant-tests/service";
import { toTestObject } from "@/lib/assistant-tests/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { assistant_id: string };

/** An assistant's test cases (Atelier extension), newest first by default; `tag` narrows them. */
export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(testListQuerySchema, searchParamsObject(request));
  return toListObject(await listTests(caller, params.assistant_id, query), toTestObject);
});

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(testCreateSchema, await readJsonBody(request));
  return toTestObject(await createTest(caller, params.assistant_id, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
