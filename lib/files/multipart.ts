import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import Busboy from "@fastify/busboy";
import { AppError } from "@/lib/errors";

// A multipart/form-data request read as it arrives (never `request.formData()`, which holds the
// whole body in memory): fields are collected, the one file part is handed to `onFile` as a stream
// while the rest of the body waits (backpressure reaches the client's socket). Fields may come
// before or after the file; `onFile` sees those that came before.

export type IncomingFile = {
  filename: string;
  /** The part's declared Content-Type (`application/octet-stream` when none). */
  mimeType: string;
  stream: Readable;
  /** The fields that came before the file. */
  fieldsSoFar: Readonly<Record<string, string>>;
};

export type MultipartLimits = {
  /** Largest value of a field other than the file, in bytes. */
  maxFieldBytes: number;
  /** Most fields other than the file. */
  maxFields: number;
};

export type Multipart<T> = { fields: Record<string, string>; file: T | null };

const FILE_FIELD = "file";

const invalid = (message: string, param: string | null = null, apiCode = "invalid_multipart") => new AppError("invalid_request", message, { param, apiCode });

/** The request's multipart Content-Type, or why it is not one. */
function multipartType(request: Request): string {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new AppError(
      "unsupported_media_type",
      `Unsupported Content-Type '${contentType || "(none)"}': upload files as multipart/form-data with a 'file' part and a 'purpose' field.`,
      { apiCode: "unsupported_media_type" },
    );
  }
  return contentType;
}

/** What is read and dropped of a refused upload's body before the connection is cut. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads the rest of a refused body and drops it. Cancelling the body instead would destroy the
 * request, and with it the socket, before the refusal (a 413) is written: the client would see a
 * reset connection instead of the error. Clients that read the answer while sending (undici,
 * curl) stop sending once it arrives; past DRAIN_BYTES the connection is cut for the others.
 */
function drain(source: Readable): void {
  let dropped = 0;
  source.on("data", (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_BYTES) source.destroy();
  });
  source.on("error", () => {});
  source.resume();
}

/**
 * Reads the form; resolves once the body has ended and `onFile` has settled. On any failure the
 * parser stops, the file stream is destroyed (so `onFile` ends), the rest of the body is drained,
 * and the promise rejects only after `onFile` has settled, so whatever it wrote is cleaned up
 * before the answer goes out.
 */
export function readMultipart<T>(request: Request, limits: MultipartLimits, onFile: (file: IncomingFile) => Promise<T>): Promise<Multipart<T>> {
  const contentType = multipartType(request);
  if (!request.body) throw invalid("The request has no body: send a 'file' part and a 'purpose' field.", FILE_FIELD);
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { "content-type": contentType },
      // busboy drops what passes these and says so (filesLimit, fieldsLimit, partsLimit, truncated
      // values): each is refused below rather than taken as a smaller form.
      limits: { files: 1, fields: limits.maxFields, fieldSize: limits.maxFieldBytes, parts: limits.maxFields + 1, fieldNameSize: 200 },
    });
  } catch (error) {
    throw invalid(`The multipart body cannot be read: ${(error as Error).message}`);
  }
  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;

  return new Promise<Multipart<T>>((resolve, reject) => {
    let failed = false;
    let fileStream: Readable | null = null;
    let pending: Promise<T> | null = null;

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      drain(source);
      // Ends `onFile`'s read of a file still arriving; a file already read to its end is left alone.
      if (fileStream && !fileStream.readableEnded) {
        fileStream.on("error", () => {});
        fileStream.destroy(error instanceof Error ? error : new Error(String(error)));
      }
      const settled = pending ? pending.then(() => undefined, () => undefined) : Promise.resolve();
      void settled.then(() => reject(error));
    };

    parser.on("file", (name, stream, filename, _encoding, mimeType) => {
      if (failed) return void stream.resume();
      if (name !== FILE_FIELD) {
        stream.resume();
        return fail(invalid(`Unexpected file in the form field '${name}': send the file as the '${FILE_FIELD}' part.`, name));
      }
      fileStream = stream;
      pending = onFile({ filename, mimeType, stream, fieldsSoFar: { ...fields } });
      pending.catch(fail);
    });
    parser.on("field", (name, value, nameTruncated, valueTruncated) => {
      if (failed) return;
      if (nameTruncated) return fail(invalid("A form field's name is too long."));
      if (valueTruncated) return fail(invalid(`Invalid '${name}': longer than ${limits.maxFieldBytes} bytes.`, name));
      if (name === FILE_FIELD) return fail(invalid(`'${FILE_FIELD}' must be a file part (with a filename), not a text field.`, FILE_FIELD));
      if (name in fields) return fail(invalid(`Form field '${name}' was given more than once.`, name));
      fields[name] = value;
    });
    parser.on("filesLimit", () => fail(invalid(`Send one file per upload, as the '${FILE_FIELD}' part.`, FILE_FIELD)));
    parser.on("fieldsLimit", () => fail(invalid(`The form has more than ${limits.maxFields} fields.`)));
    parser.on("partsLimit", () => fail(invalid(`The form has more than ${limits.maxFields + 1} parts.`)));
    parser.on("error", (error: Error) => fail(invalid(`The multipart body cannot be read: ${error.message}`)));
    // A client that goes away mid-upload: nobody reads the answer, but the file must not stay.
    source.on("error", () => fail(invalid("The upload was interrupted before the body ended.", null, "upload_interrupted")));
    parser.on("finish", () => {
      if (failed) return;
      Promise.resolve(pending).then(
        (file) => {
          if (!failed) resolve({ fields: { ...fields }, file: file ?? null });
        },
        fail,
      );
    });
    source.pipe(parser);
  });
}
