import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { listModels } from "@/lib/providers/registry";

/** Every provider's models: the environment's, then the caller's workspace's (`name/model`). */
export const GET = apiRoute(async ({ caller }) => ({ object: "list", data: await listModels(caller.workspaceId) }));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
