// Why a file could not be turned into text, in the two codes a vector store file's `last_error`
// uses for the file's own fault (OpenAI: `unsupported_file`, `invalid_file`; `server_error` is ours
// to report when something else breaks). The message is shown to the person who uploaded the file,
// so it says what is wrong with it in plain words and, where there is one, what to do instead.

export type ExtractErrorCode = "unsupported_file" | "invalid_file";

export class ExtractError extends Error {
  readonly code: ExtractErrorCode;

  constructor(code: ExtractErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ExtractError";
    this.code = code;
  }
}

export function isExtractError(value: unknown): value is ExtractError {
  return value instanceof ExtractError;
}

/** A library's error message, shortened to one line for a `last_error.message`. */
export function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
