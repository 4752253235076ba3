import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { readJsonBody } from "@/lib/api/request";
import { updatePluginSchema } from "@/lib/plugins/schema";
import { deletePlugin, getPlugin, updatePlugin } from "@/lib/plugins/service";
import { toPluginDeletedObject, toPluginObject } from "@/lib/plugins/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { plugin_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toPluginObject(await getPlugin(caller, params.plugin_id)));

// A partial update: what the body leaves out stays as it is.
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  requireWrite(caller);
  const input = parseOrThrow(updatePluginSchema, await readJsonBody(request));
  return toPluginObject(await updatePlugin(caller, params.plugin_id, input));
});

export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deletePlugin(caller, params.plugin_id);
  return toPluginDeletedObject(params.plugin_id);
});

const notAllowed = methodNotAllowed(["GET", "POST", "DELETE"]);
export { notAllowed as PUT, notAllowed as PATCH };
