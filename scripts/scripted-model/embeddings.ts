// `/v1/embeddings` for the scripted model: deterministic vectors that still mean something, so
// tests of vector and hybrid search can predict rankings. Texts sharing words (and word pairs) are
// close by cosine; texts sharing none are near-orthogonal. Pure, like ./script.
import { errorBody, parseDirectives, type ErrorBody } from "./script";

export const EMBEDDING_MODEL_IDS = ["scripted-embed"] as const;
export const DEFAULT_DIMENSIONS = 256;
// OpenAI's own limits, so a client that respects them here respects them there.
export const MAX_DIMENSIONS = 3072;
export const MAX_INPUTS = 2048;
export const MAX_INPUT_TOKENS = 8192;
export const MAX_REQUEST_TOKENS = 300_000;

export type EmbeddingObject = { object: "embedding"; index: number; embedding: number[] | string };

export type EmbeddingsResponse = {
  object: "list";
  data: EmbeddingObject[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

export type EmbeddingPlan =
  | { kind: "error"; status: number; body: ErrorBody }
  | { kind: "embeddings"; response: EmbeddingsResponse; delayMs: number; drop: boolean };

/** Lowercased NFKC words: runs of letters and digits. */
export function words(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** 32-bit FNV-1a over the UTF-8 bytes. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * fnv1a followed by MurmurHash3's fmix32: FNV's low bits depend only on the inputs' low bits (every
 * word we tried landed in bucket 3 of 4), and buckets are taken modulo small powers of two.
 */
export function featureHash(feature: string): number {
  let hash = fnv1a(feature);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Feature hashing: every word and every pair of adjacent words (joined by one space) adds 1 to
 * dimension featureHash(feature) mod `dimensions`; the sum is L2-normalised and rounded to float32, so
 * the float and base64 encodings carry the same numbers. Unsigned, so cosines are never negative;
 * a text without words hashes the empty feature "" rather than being the zero vector.
 */
export function embedText(text: string, dimensions: number = DEFAULT_DIMENSIONS): number[] {
  const tokens = words(text);
  const features = [...tokens, ...tokens.slice(1).map((word, i) => `${tokens[i]} ${word}`)];
  if (features.length === 0) features.push("");
  const sums = new Array<number>(dimensions).fill(0);
  for (const feature of features) sums[featureHash(feature) % dimensions]! += 1;
  const norm = Math.hypot(...sums);
  return sums.map((value) => Math.fround(value / norm));
}

/** Little-endian float32 bytes in base64, as OpenAI sends `encoding_format: "base64"`. */
export function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString("base64");
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

type Input = { text: string } | { tokens: number[] };

/** Turns an embeddings request body into the response (or error) and its timing. */
export function planEmbeddings(body: unknown): EmbeddingPlan {
  if (!isRecord(body)) return invalidInput("the request body must be a JSON object");
  if (typeof body.model !== "string" || !body.model) {
    return invalid("you must provide a model parameter", "model", null);
  }
  if (body.input === undefined) {
    return invalid("Missing required parameter: 'input'.", "input", "missing_required_parameter");
  }
  const inputs = readInputs(body.input);
  if (typeof inputs === "string") return invalidInput(inputs);

  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    const message = `Invalid value: '${String(format)}'. Supported values are: 'float' and 'base64'.`;
    return invalid(message, "encoding_format", "invalid_value");
  }
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (!Number.isInteger(dimensions)) {
    return invalid("Invalid type for 'dimensions': expected an integer.", "dimensions", "invalid_type");
  }
  if ((dimensions as number) < 1 || (dimensions as number) > MAX_DIMENSIONS) {
    const [wording, bound, code] =
      (dimensions as number) < 1
        ? ["below minimum", ">= 1", "integer_below_min_value"]
        : ["above maximum", `<= ${MAX_DIMENSIONS}`, "integer_above_max_value"];
    const message = `Invalid 'dimensions': integer ${wording} value. Expected a value ${bound}, but got ${String(dimensions)} instead.`;
    return invalid(message, "dimensions", code);
  }

  let delayMs = 0;
  let drop = false;
  let promptTokens = 0;
  const texts: string[] = [];
  for (const [index, input] of inputs.entries()) {
    let text: string;
    let tokens: number;
    if ("text" in input) {
      const { directives, visibleText, errors } = parseDirectives(input.text);
      if (errors.length > 0) return invalid(`Invalid scripted-model directive: ${errors.join("; ")}`, "input", null);
      if (directives.fail !== undefined) {
        const status = directives.fail;
        const type = status === 429 ? "rate_limit_exceeded" : "server_error";
        return { kind: "error", status, body: errorBody(`Scripted failure (${status})`, type) };
      }
      delayMs = Math.max(delayMs, directives.delayMs, directives.firstDelayMs);
      drop ||= directives.drop !== undefined;
      text = visibleText;
      tokens = Math.ceil(input.text.length / 4);
    } else {
      text = input.tokens.join(" ");
      tokens = input.tokens.length;
    }
    if (tokens > MAX_INPUT_TOKENS) {
      return invalid(`Invalid 'input[${index}]': maximum input length is ${MAX_INPUT_TOKENS} tokens.`, "input", null);
    }
    promptTokens += tokens;
    texts.push(text);
  }
  if (promptTokens > MAX_REQUEST_TOKENS) {
    return invalid(`Requested ${promptTokens} tokens, max ${MAX_REQUEST_TOKENS} tokens per request`, "input", null);
  }

  const data = texts.map((text, index): EmbeddingObject => {
    const vector = embedText(text, dimensions as number);
    return { object: "embedding", index, embedding: format === "base64" ? toBase64(vector) : vector };
  });
  const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  return { kind: "embeddings", response: { object: "list", data, model: body.model, usage }, delayMs, drop };
}

/** The inputs, or why `input` is invalid: a non-empty string, or a non-empty array of them, of token ids, or of token-id arrays. */
function readInputs(input: unknown): Input[] | string {
  if (typeof input === "string") return input ? [{ text: input }] : "empty string";
  if (!Array.isArray(input) || input.length === 0) return "expected a non-empty string or array";
  if (input.length > MAX_INPUTS) return `array length must be ${MAX_INPUTS} or less`;
  if (input.every((item) => typeof item === "string")) {
    return input.some((item) => !item) ? "empty string in the array" : input.map((text: string) => ({ text }));
  }
  if (isTokenArray(input)) return [{ tokens: input }];
  if (input.every((item) => isTokenArray(item) && item.length > 0)) {
    return input.map((tokens: number[]) => ({ tokens }));
  }
  return "expected strings, token ids or arrays of token ids, not a mix";
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item) && (item as number) >= 0);
}

function invalidInput(reason: string): EmbeddingPlan {
  // OpenAI's wording for every malformed `input`, with the scripted model's reason after it.
  const message = `'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference. (${reason})`;
  return invalid(message, null, null);
}

function invalid(message: string, param: string | null, code: string | null): EmbeddingPlan {
  const body = errorBody(message, "invalid_request_error", code);
  body.error.param = param;
  return { kind: "error", status: 400, body };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
