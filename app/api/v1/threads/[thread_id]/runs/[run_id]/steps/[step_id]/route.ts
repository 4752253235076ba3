import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getStep } from "@/lib/runs/service";
import { toRunStepObject } from "@/lib/runs/wire";

type Params = { thread_id: string; run_id: string; step_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toRunStepObject(await getStep(caller, params.thread_id, params.run_id, params.step_id)));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
