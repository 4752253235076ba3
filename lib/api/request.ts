import { AppError } from "@/lib/errors";
import { readLimited } from "@/lib/read-limited";
import { assertWellFormedText } from "@/lib/validation";

// Reads a JSON request body with the limits every write endpoint shares.

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () =>
  new AppError("payload_too_large", `The request body is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MiB limit.`, {
    apiCode: "request_too_large",
  });

async function readRequestBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  return readLimited(request.body, MAX_BODY_BYTES, tooLarge);
}

/** The parsed JSON body; a missing body reads as `{}` so a bare POST reaches validation. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const contentType = request.headers.get("content-type");
  const text = await readRequestBody(request);
  if (text.trim() === "") return {};
  if (!contentType || !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new AppError(
      "unsupported_media_type",
      `Unsupported Content-Type '${contentType ?? "(none)"}': send the request body as application/json.`,
      { apiCode: "unsupported_media_type" },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError(
      "invalid_request",
      "We could not parse the JSON body of your request. The body must be valid JSON.",
      { apiCode: "invalid_json" },
    );
  }
  // JSON.parse keeps "\ud800" as a lone surrogate; refused with its path before anything reads it.
  assertWellFormedText(body);
  return body;
}

/** Query parameters as a plain object; a repeated parameter is ambiguous and refused. */
export function searchParamsObject(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in out) throw new AppError("invalid_request", `Query parameter '${key}' was given more than once.`, { param: key });
    out[key] = value;
  }
  return out;
}
