import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { runCreateSchema, runListQuerySchema, stepIncludeQuerySchema } from "@/lib/runs/schema";
import { createRun, listRuns } from "@/lib/runs/service";
import { runStartResponse } from "@/lib/runs/stream";
import { toRunObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";
import { toListObject } from "@/lib/wire";

type Params = { thread_id: string };

export const GET = apiRoute<Params>(async ({ request, params, caller }) => {
  const query = parseOrThrow(runListQuerySchema, searchParamsObject(request));
  return toListObject(await listRuns(caller, params.thread_id, query), toRunObject);
});

export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  // include[] is checked, as OpenAI does; streamed step events show results without their text either way.
  parseOrThrow(stepIncludeQuerySchema, searchParamsObject(request));
  const input = parseOrThrow(runCreateSchema, await readJsonBody(request));
  const started = await createRun(caller, params.thread_id, input);
  return input.stream ? runStartResponse(started) : toRunObject(started.run);
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
