import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { cancelRun } from "@/lib/runs/service";
import { toRunObject } from "@/lib/runs/wire";

type Params = { thread_id: string; run_id: string };

export const POST = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  return toRunObject(await cancelRun(caller, params.thread_id, params.run_id));
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
