import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/request";
import { stepIncludes, stepListQuerySchema } from "@/lib/runs/schema";
import { listSteps } from "@/lib/runs/service";
import { toRunStepObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { thread_id: string; run_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const { "include[]": include, ...query } = parseOrThrow(stepListQuerySchema, searchParamsObject(request));
  const shown = stepIncludes({ "include[]": include });
  return toListObject(await listSteps(caller, params.thread_id, params.run_id, query), (step) => toRunStepObject(step, shown));
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
