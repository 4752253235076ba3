import { searchParamsObject } from "@/lib/api/request";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { stepIncludeQuerySchema, stepIncludes } from "@/lib/runs/schema";
import { getStep } from "@/lib/runs/service";
import { toRunStepObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { thread_id: string; run_id: string; step_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const shown = stepIncludes(parseOrThrow(stepIncludeQuerySchema, searchParamsObject(request)));
  return toRunStepObject(await getStep(caller, params.thread_id, params.run_id, params.step_id), shown);
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
