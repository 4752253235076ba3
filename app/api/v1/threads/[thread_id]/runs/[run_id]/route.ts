import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { runUpdateSchema } from "@/lib/runs/schema";
import { getRun, updateRunMetadata } from "@/lib/runs/service";
import { toRunObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { thread_id: string; run_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toRunObject(await getRun(caller, params.thread_id, params.run_id)));

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const patch = parseOrThrow(runUpdateSchema, await readJsonBody(request));
  return toRunObject(await updateRunMetadata(caller, params.thread_id, params.run_id, patch.metadata));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
