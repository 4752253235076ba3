import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getTestRun } from "@/lib/assistant-tests/runs";
import { toTestRunObject } from "@/lib/assistant-tests/run-wire";

type Params = { assistant_id: string; test_run_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toTestRunObject(await getTestRun(caller, params.assistant_id, params.test_run_id)));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
