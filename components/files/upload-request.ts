// One file to POST /api/v1/files with XMLHttpRequest: fetch() reports no upload progress, and the
// bar is the point. Same origin, so the console's session cookie authorises it (the browser adds
// the Origin header that session writes need). `purpose` goes before the file, so the server
// checks it before storing a byte.

import { uploadErrorMessage } from "@/lib/files/upload-error";

export type UploadProgress = { loaded: number; total: number };

export type UploadOutcome = { ok: true; id: string } | { ok: false; message: string };

export function uploadFile(file: File, purpose: string, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/files");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          const created = JSON.parse(xhr.responseText) as { id?: unknown };
          if (typeof created.id === "string") return resolve({ ok: true, id: created.id });
        } catch {
          // Answered 2xx with something other than a file object.
        }
        return resolve({ ok: false, message: "The server's answer was not a file; check the Files list before uploading again." });
      }
      resolve({ ok: false, message: uploadErrorMessage(xhr.status, xhr.responseText) });
    };
    // A refusal sent before the whole body went out can reach the browser as a dropped connection.
    xhr.onerror = () => resolve({ ok: false, message: "The connection failed before the upload finished; nothing was stored. Check the file's size and try again." });
    xhr.onabort = () => resolve({ ok: false, message: "Upload cancelled." });
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("purpose", purpose);
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
