import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { storeFileContent } from "@/lib/vector-stores/files";

type Params = { vector_store_id: string; file_id: string };

// The text ingestion extracted from the file (one page: it is stored whole).
export const GET = apiRoute<Params>(async ({ params, caller }) => ({
  object: "vector_store.file_content.page",
  data: await storeFileContent(caller.workspaceId, params.vector_store_id, params.file_id),
  has_more: false,
  next_page: null,
}));

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
