import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { submitToolOutputsSchema } from "@/lib/runs/schema";
import { submitToolOutputs } from "@/lib/runs/submit";
import { runStartResponse } from "@/lib/runs/stream";
import { toRunObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { thread_id: string; run_id: string };

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(submitToolOutputsSchema, await readJsonBody(request));
  const started = await submitToolOutputs(caller, params.thread_id, params.run_id, input);
  return input.stream ? runStartResponse(started) : toRunObject(started.run);
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
