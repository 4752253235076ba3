import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getFile } from "@/lib/files/service";
import { readParts } from "@/lib/files/storage";
import { contentHeaders } from "@/lib/files/wire";

type Params = { file_id: string };

// The bytes as uploaded, streamed part by part from the database (lib/files/storage.ts).
export const GET = apiRoute<Params>(async ({ params, caller }) => {
  const file = await getFile(caller, params.file_id);
  return new Response(readParts(file.id, Number(file.bytes)), { headers: contentHeaders(file) });
});

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
