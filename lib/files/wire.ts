import type { File as FileModel } from "@/lib/generated/prisma/client";
import { unixSeconds } from "@/lib/wire";

// DB row → the API's file object (OpenAIFile), and the headers a file's content goes out with.

export type FileObject = {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  /** Only when the file expires: the contract's `expires_at` is an integer, never null. */
  expires_at?: number;
  filename: string;
  purpose: string;
  /** OpenAI's deprecated status: a file here is listed only once all of it is stored. */
  status: "processed";
};

export type FileDeletedObject = { id: string; object: "file"; deleted: true };

export type FileRow = Pick<FileModel, "id" | "bytes" | "createdAt" | "expiresAt" | "filename" | "purpose">;

export function toFileObject(row: FileRow): FileObject {
  return {
    id: row.id,
    object: "file",
    bytes: Number(row.bytes),
    created_at: unixSeconds(row.createdAt),
    ...(row.expiresAt && { expires_at: unixSeconds(row.expiresAt) }),
    filename: row.filename,
    purpose: row.purpose ?? "assistants",
    status: "processed",
  };
}

export const toFileDeletedObject = (id: string): FileDeletedObject => ({ id, object: "file", deleted: true });

/**
 * `attachment` with the name twice: `filename` in plain ASCII for old clients, `filename*` (RFC 6266
 * and 8187) with the exact UTF-8 name for the rest.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * Headers of GET /files/{id}/content: always bytes to save, never a page a browser would render.
 * No Content-Length: Next 16 drops it from route handlers' responses (send-response.ts), so the
 * body goes out chunked.
 */
export function contentHeaders(row: Pick<FileModel, "filename">): Record<string, string> {
  return { "content-type": "application/octet-stream", "content-disposition": contentDisposition(row.filename) };
}
