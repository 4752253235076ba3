import { callerFromSession } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fileMimeType, getFile } from "@/lib/files/service";
import { readParts } from "@/lib/files/storage";
import { contentDisposition } from "@/lib/files/wire";
import { inlineImageType } from "@/lib/playground/file-links";

// A workspace file's bytes for the console's own pages: the playground's charts (`?inline=1`) and
// the download links to files a run's code wrote. GET /api/v1/files/{id}/content serves the API
// (always `application/octet-stream`, always `attachment`); this answers the console's session the
// way every console action does (session, then a fresh membership of the workspace worked in), and
// shows raster images inline with their own type. Anything else, SVG included, is a download.

type Context = { params: Promise<{ file_id: string }> };

const plain = (status: number, text: string) => new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const caller = await callerFromSession(request.headers);
  if (!caller) return plain(401, "Your session has ended, or you are no longer a member of this workspace. Sign in again.");
  const { file_id: id } = await params;
  let file;
  try {
    file = await getFile(caller, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return plain(404, "This workspace has no such file (it may have been deleted or have expired).");
    throw error;
  }
  const inline = new URL(request.url).searchParams.has("inline") ? inlineImageType(file.filename, await fileMimeType(caller, file.id)) : null;
  const disposition = contentDisposition(file.filename);
  const headers = {
    "content-type": inline ?? "application/octet-stream",
    "content-disposition": inline ? disposition.replace(/^attachment/, "inline") : disposition,
    // A file's bytes never change, so its id is its version. `no-cache`: the browser asks every
    // time (the membership is checked again) but gets a 304 without the bytes while it holds them;
    // a chat's rows remount as it scrolls.
    etag: `"${file.id}"`,
    "cache-control": "private, no-cache",
    // No Content-Security-Policy of its own: proxy.ts gives this path the pages' policy (scripts
    // only with its nonce), which replaces one set here. With nosniff and only raster images
    // inline, nothing served here runs, even opened in a tab of its own.
  };
  if (request.headers.get("if-none-match")?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === headers.etag)) {
    return new Response(null, { status: 304, headers: { etag: headers.etag, "cache-control": headers["cache-control"] } });
  }
  return new Response(readParts(file.id, Number(file.bytes)), { headers });
}
