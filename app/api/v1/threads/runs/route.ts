import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { requireWrite } from "@/lib/auth/caller";
import { threadAndRunSchema } from "@/lib/runs/schema";
import { createThreadAndRun } from "@/lib/runs/service";
import { runStartResponse } from "@/lib/runs/stream";
import { toRunObject } from "@/lib/runs/wire";
import { parseOrThrow } from "@/lib/validation";

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(threadAndRunSchema, await readJsonBody(request));
  const started = await createThreadAndRun(caller, input);
  return input.stream ? runStartResponse(started) : toRunObject(started.run);
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
