import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { cancelTestRun } from "@/lib/assistant-tests/runs";
import { toTestRunObject } from "@/lib/assistant-tests/run-wire";

type Params = { assistant_id: string; test_run_id: string };

/** Cancels a queued or running test run: attempts not started are cancelled, those under way stop within a second. */
export const POST = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  return toTestRunObject(await cancelTestRun(caller, params.assistant_id, params.test_run_id));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
