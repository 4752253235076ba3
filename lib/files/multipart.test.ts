import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readMultipart, type IncomingFile } from "@/lib/files/multipart";

const LIMITS = { maxFields: 3, maxFieldBytes: 16 };
const BOUNDARY = "test-boundary";

type Part = { name: string; value: string } | { name: string; filename: string; data: string };

function body(parts: Part[], opts: { end?: boolean } = {}): string {
  let text = "";
  for (const part of parts) {
    text += `--${BOUNDARY}\r\n`;
    text +=
      "filename" in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: text/plain\r\n\r\n${part.data}\r\n`
        : `Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`;
  }
  return opts.end === false ? text : `${text}--${BOUNDARY}--\r\n`;
}

/** A request whose body arrives in small chunks, as a socket would deliver it. */
function request(text: string, contentType = `multipart/form-data; boundary=${BOUNDARY}`): Request {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 7));
      at += 7;
    },
  });
  return new Request("http://localhost/api/v1/files", { method: "POST", body: stream, headers: { "content-type": contentType }, duplex: "half" } as RequestInit);
}

async function readAll(file: IncomingFile): Promise<string> {
  let text = "";
  for await (const chunk of file.stream) text += String(chunk);
  return `${file.filename}:${text}`;
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppError);

describe("readMultipart", () => {
  it("reads the fields around the file, and hands the file on with the fields that came before it", async () => {
    const seen: Record<string, string>[] = [];
    const form = await readMultipart(request(body([{ name: "purpose", value: "assistants" }, { name: "file", filename: "a.txt", data: "hello world" }, { name: "extra", value: "x" }])), LIMITS, async (file) => {
      seen.push({ ...file.fieldsSoFar });
      return readAll(file);
    });
    expect(form).toEqual({ fields: { purpose: "assistants", extra: "x" }, file: "a.txt:hello world" });
    expect(seen).toEqual([{ purpose: "assistants" }]);
  });

  it("resolves with no file when the form has none", async () => {
    const form = await readMultipart(request(body([{ name: "purpose", value: "vision" }])), LIMITS, readAll);
    expect(form).toEqual({ fields: { purpose: "vision" }, file: null });
  });

  it("refuses a body that is not multipart/form-data with 415", async () => {
    expect(() => readMultipart(request("{}", "application/json"), LIMITS, readAll)).toThrow(expect.objectContaining({ code: "unsupported_media_type" }));
  });

  it.each([
    ["a second file", [{ name: "file", filename: "a.txt", data: "a" }, { name: "file", filename: "b.txt", data: "b" }], "file"],
    ["a file under another name", [{ name: "upload", filename: "a.txt", data: "a" }], "upload"],
    ["the file as a text field", [{ name: "file", value: "a" }], "file"],
    ["a field given twice", [{ name: "purpose", value: "a" }, { name: "purpose", value: "b" }], "purpose"],
    ["a field longer than allowed", [{ name: "purpose", value: "x".repeat(17) }], "purpose"],
    ["too many fields", [{ name: "a", value: "1" }, { name: "b", value: "2" }, { name: "c", value: "3" }, { name: "d", value: "4" }], null],
  ] as [string, Part[], string | null][])("refuses %s with 400, naming the field", async (_case, parts, param) => {
    const error = await failure(readMultipart(request(body(parts)), LIMITS, readAll));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid_request", param });
  });

  it("refuses a body cut short, after the file's reader has settled", async () => {
    let settled = false;
    const error = await failure(
      readMultipart(request(body([{ name: "file", filename: "a.txt", data: "partial" }], { end: false }).slice(0, -4)), LIMITS, async (file) => {
        try {
          return await readAll(file);
        } finally {
          settled = true;
        }
      }),
    );
    expect(error).toMatchObject({ code: "invalid_request" });
    expect(settled).toBe(true);
  });

  it("passes on the reader's own error once it has cleaned up, and drains the rest of the body", async () => {
    const tooLarge = new AppError("payload_too_large", "too large");
    let pulledToEnd = false;
    const text = body([{ name: "file", filename: "a.txt", data: "x".repeat(10_000) }, { name: "purpose", value: "assistants" }]);
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) {
          pulledToEnd = true;
          return controller.close();
        }
        controller.enqueue(bytes.slice(at, at + 512));
        at += 512;
      },
    });
    const req = new Request("http://localhost/", { method: "POST", body: stream, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, duplex: "half" } as RequestInit);
    const error = await failure(
      readMultipart(req, LIMITS, async (file) => {
        for await (const _chunk of file.stream) throw tooLarge;
        return "never";
      }),
    );
    expect(error).toBe(tooLarge);
    await expect.poll(() => pulledToEnd).toBe(true);
  });
});
