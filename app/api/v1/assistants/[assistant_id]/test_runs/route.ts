import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { testRunCreateSchema } from "@/lib/assistant-tests/run-schema";
import { createTestRun, listTestRuns } from "@/lib/assistant-tests/runs";
import { toTestRunObject } from "@/lib/assistant-tests/run-wire";
import { listQuerySchema } from "@/lib/pagination";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { assistant_id: string };

/** An assistant's test runs (Atelier extension), newest first by default. */
export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  return toListObject(await listTestRuns(caller, params.assistant_id, query), toTestRunObject);
});

/** Starts a test run in the background: answered at once, `queued`. */
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(testRunCreateSchema, await readJsonBody(request));
  return toTestRunObject(await createTestRun(caller, params.assistant_id, input, "api"));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
