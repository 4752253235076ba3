import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { requireWrite } from "@/lib/auth/caller";
import { searchParamsObject } from "@/lib/api/request";
import { fileListQuerySchema } from "@/lib/files/schema";
import { listFiles } from "@/lib/files/service";
import { createFile } from "@/lib/files/upload";
import { toFileObject } from "@/lib/files/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";

export const GET = apiRoute(async ({ request, caller }) => {
  const query = parseOrThrow(fileListQuerySchema, searchParamsObject(request));
  return toListObject(await listFiles(caller, query), toFileObject);
});

// multipart/form-data, streamed into the database as it arrives (lib/files/upload.ts).
export const POST = apiRoute(async ({ request, caller }) => {
  requireWrite(caller);
  return toFileObject(await createFile(caller, request));
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
