import { randomBytes } from "node:crypto";

// Hand-made multipart/form-data bodies, for what the SDK never sends: fields in a chosen order,
// a text field where the file belongs, two files, a body cut short.

export type FormPart = { name: string; value: string } | { name: string; filename: string; data: Uint8Array | string; type?: string };

export function multipartBody(parts: FormPart[], opts: { boundary?: string; unterminated?: boolean } = {}): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = opts.boundary ?? `atelier-test-${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ("filename" in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`));
      chunks.push(Buffer.from(part.data));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`));
    }
    chunks.push(Buffer.from("\r\n"));
  }
  if (!opts.unterminated) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}
