import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/request";
import { testResultListQuerySchema } from "@/lib/assistant-tests/list-query";
import { listTestResults } from "@/lib/assistant-tests/runs";
import { toTestResultObject } from "@/lib/assistant-tests/run-wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { assistant_id: string; test_run_id: string };

/** A test run's attempts, one per test and repeat, in the order they run; `status` narrows them. */
export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(testResultListQuerySchema, searchParamsObject(request));
  return toListObject(await listTestResults(caller, params.assistant_id, params.test_run_id, query), toTestResultObject);
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
