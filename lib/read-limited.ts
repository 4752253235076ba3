// A body read as text, refusing more than `limit` bytes as they arrive (a chunked body has no
// content-length to trust): shared by the API's request bodies and providers' answers.

export async function readLimited(body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | null, limit: number, tooLarge: () => Error): Promise<string> {
  if (!body) return "";
  if (!("getReader" in body)) return readNodeLimited(body, limit, tooLarge);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The same for a Node stream (undici's `request` body). */
async function readNodeLimited(body: NodeJS.ReadableStream, limit: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLarge();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
