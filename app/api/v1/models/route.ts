import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { listModels } from "@/lib/providers/registry";

/** Every configured provider's models; ids other than the default provider's carry `provider/`. */
export const GET = apiRoute(async () => ({ object: "list", data: await listModels() }));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
