import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request";
import { searchRequestSchema } from "@/lib/vector-stores/search/schema";
import { searchStore } from "@/lib/vector-stores/search/service";
import { toSearchResultsPage } from "@/lib/vector-stores/wire";
import { parseOrThrow } from "@/lib/validation";

type Params = { vector_store_id: string };

// Read scope: searching changes nothing but the store's last_active_at.
export const POST = apiRoute<Params>(async ({ request, params, caller }) => {
  const body = parseOrThrow(searchRequestSchema, await readJsonBody(request));
  const { searchQuery, hits } = await searchStore(caller.workspaceId, params.vector_store_id, body);
  return toSearchResultsPage(searchQuery, hits);
});

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
