import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getRun } from "@/lib/runs/service";
import { attachResponse } from "@/lib/runs/stream";

type Params = { thread_id: string; run_id: string };

/** Atelier extension: attach to a run's events (the current stretch replayed, then live). */
export const GET = apiRoute<Params>(async ({ params, caller }) => attachResponse(await getRun(caller, params.thread_id, params.run_id)));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
