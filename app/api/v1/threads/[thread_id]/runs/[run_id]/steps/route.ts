import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/request";
import { stepListQuerySchema } from "@/lib/runs/schema";
import { listSteps } from "@/lib/runs/service";
import { toRunStepObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { thread_id: string; run_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const { "include[]": _include, ...query } = parseOrThrow(stepListQuerySchema, searchParamsObject(request));
  return toListObject(await listSteps(caller, params.thread_id, params.run_id, query), toRunStepObject);
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
