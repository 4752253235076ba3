import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { listPluginOperations } from "@/lib/plugins/service";
import { toOperationListObject, toPluginOperationObject } from "@/lib/plugins/wire";
import { schemaErrors } from "@/lib/schema-builder/problems";

type Params = { plugin_id: string };

// The plugin's operations as the functions a model would be offered, each with what the strict-mode
// lint finds: plugin functions are offered without `strict`, so these are information (what a
// provider that insists on strict schemas would refuse), not errors.
export const GET = apiRoute<Params>(async ({ params, caller }) => {
  const operations = await listPluginOperations(caller, params.plugin_id);
  return toOperationListObject(operations.map((operation) => toPluginOperationObject(operation, schemaErrors(operation.parameters, { target: "function", strict: true }))));
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
