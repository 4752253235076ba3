import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody, searchParamsObject } from "@/lib/api/request";
import { listQuerySchema } from "@/lib/pagination";
import { createPluginSchema } from "@/lib/plugins/schema";
import { createPlugin, listPlugins } from "@/lib/plugins/service";
import { toPluginObject } from "@/lib/plugins/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(listQuerySchema, searchParamsObject(request));
  return toListObject(await listPlugins(caller, query), toPluginObject);
});

export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(createPluginSchema, await readJsonBody(request));
  return toPluginObject(await createPlugin(caller, input));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
