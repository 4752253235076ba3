import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { deleteFile, getFile } from "@/lib/files/service";
import { toFileDeletedObject, toFileObject } from "@/lib/files/wire";

type Params = { file_id: string };

export const GET = apiRoute<Params>(async ({ params, caller }) => toFileObject(await getFile(caller, params.file_id)));

// Also removes the file from every vector store (lib/files/service.ts).
export const DELETE = apiRoute<Params>(async ({ params, caller }) => {
  requireWrite(caller);
  await deleteFile(caller, params.file_id);
  return toFileDeletedObject(params.file_id);
});

const notAllowed = methodNotAllowed(["GET", "DELETE"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
