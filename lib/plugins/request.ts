import type { PluginOperation } from "@/lib/plugins/operations";
import { cutUtf8, MAX_TOOL_RESPONSE_BYTES, redactSecrets, TRUNCATION_NOTE } from "@/lib/tools/output";

export { cutUtf8, MAX_TOOL_RESPONSE_BYTES, redactSecrets, TRUNCATION_NOTE };

// The pure half of a plugin call (lib/plugins/call.ts does the I/O): the model's arguments → one
// HTTP request, built from nothing but the operation's mapping and the plugin's own auth, and an
// HTTP answer → the text the model reads. No I/O here, so every rule has a unit test.

export type PluginAuth = { type: "none" } | { type: "bearer"; token: string } | { type: "header"; name: string; value: string };
export type PluginCallTarget = { pluginId: string; serverUrl: string; operation: PluginOperation; auth: PluginAuth };
export type PluginCallResult = { output: string; status: "completed" | "failed"; httpStatus: number | null };
export type PluginRequest = { method: string; url: string; headers: Record<string, string>; body: string | null };

/** The most of a failed answer's body quoted in its error. */
export const MAX_ERROR_BODY_BYTES = 4 * 1024;

/** Arguments the model gave that no request can be made of; its message is the output. */
export class PluginArgumentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PluginArgumentsError";
  }
}

/** The model's arguments text → an object, or PluginArgumentsError with the output to return. */
export function parsePluginArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new PluginArgumentsError(`Error: the arguments are not a JSON object: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PluginArgumentsError(`Error: the arguments are not a JSON object: got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}.`);
  }
  return value as Record<string, unknown>;
}

const asText = (value: unknown): string => (typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
const present = (value: unknown) => value !== undefined && value !== null;
// Anything else would be refused by undici, or split one header into two (CR/LF).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** `GET /cities/{city}/forecast`: how errors and logs name an operation (no argument values). */
export const describeOperation = (operation: PluginOperation) => `${operation.method} ${operation.path}`;

/**
 * The request for `args`: URL from the server and the path template, query and header parameters
 * from the mapping, the JSON body, and headers made here from scratch (nothing of the incoming
 * request or of Atelier's own), the plugin's auth last so no parameter can replace it.
 */
export function buildPluginRequest(target: PluginCallTarget, args: Record<string, unknown>): PluginRequest {
  const { operation } = target;
  const { mapping } = operation;
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of mapping.parameters) {
    const value = args[parameter.property];
    if (parameter.in === "path") {
      if (!present(value)) throw new PluginArgumentsError(`Error: the required path parameter '${parameter.property}' is missing.`);
      const text = asText(value);
      // URL parsing resolves `.` and `..` segments (even encoded), which would leave the operation's path.
      if (text === "." || text === ".." || text === "") throw new PluginArgumentsError(`Error: the path parameter '${parameter.property}' may not be ${JSON.stringify(text)}.`);
      path = path.split(`{${parameter.name}}`).join(encodeURIComponent(text));
    } else if (!present(value)) continue;
    else if (parameter.in === "query") {
      for (const item of Array.isArray(value) ? value : [value]) if (present(item)) query.append(parameter.name, asText(item));
    } else {
      const text = asText(value);
      if (!HEADER_VALUE.test(text)) throw new PluginArgumentsError(`Error: the header parameter '${parameter.property}' has characters a header cannot carry.`);
      headers[parameter.name.toLowerCase()] = text;
    }
  }
  const unfilled = /\{([^}]+)\}/.exec(path);
  if (unfilled) throw new PluginArgumentsError(`Error: the required path parameter '${unfilled[1]}' is missing.`);

  let body: string | null = null;
  if (mapping.body?.mode === "flat") {
    const fields = mapping.body.properties.filter((key) => args[key] !== undefined).map((key) => [key, args[key]]);
    body = JSON.stringify(Object.fromEntries(fields));
  } else if (mapping.body?.mode === "nested" && args[mapping.body.property] !== undefined) {
    body = JSON.stringify(args[mapping.body.property]);
  }

  headers["user-agent"] = "Atelier-Tools/1";
  headers.accept = "application/json, */*;q=0.5";
  if (body !== null) headers["content-type"] = mapping.contentType ?? "application/json";
  else delete headers["content-type"];
  Object.assign(headers, authHeaders(target.auth));

  const search = query.toString();
  const url = `${target.serverUrl.replace(/\/+$/, "")}${path}${search ? `${path.includes("?") ? "&" : "?"}${search}` : ""}`;
  return { method: operation.method.toUpperCase(), url, headers, body };
}

/** The headers the plugin's auth adds, lower-cased. */
export function authHeaders(auth: PluginAuth): Record<string, string> {
  if (auth.type === "bearer") return { authorization: `Bearer ${auth.token}` };
  if (auth.type === "header") return { [auth.name.toLowerCase()]: auth.value };
  return {};
}

/** The values no output or message may show. */
export function authSecrets(auth: PluginAuth): string[] {
  return auth.type === "bearer" ? [auth.token] : auth.type === "header" ? [auth.value] : [];
}


/** `type/subtype` lower-cased, without parameters; null when there is none. */
export function mediaType(contentType: string | null | undefined): string | null {
  const type = contentType?.split(";")[0]!.trim().toLowerCase();
  return type ? type : null;
}

/** Whether a body of this content type is text a model can read (no content type counts as text). */
export function isTextContentType(contentType: string | null | undefined): boolean {
  const type = mediaType(contentType);
  if (type === null || type.startsWith("text/")) return true;
  const subtype = type.split("/")[1] ?? "";
  return /(^|[+.-])(json|xml|yaml)$/.test(subtype) || /javascript|ecmascript/.test(subtype) || subtype === "x-www-form-urlencoded" || subtype === "x-ndjson";
}

function decode(bytes: Uint8Array, contentType: string | null | undefined): string {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the likeliest truth, and a wrong guess only garbles text.
    return new TextDecoder("utf-8").decode(bytes);
  }
}

export type PluginAnswer = {
  status: number;
  contentType: string | null;
  /** What was read: up to the limit, plus whatever of the last chunk came past it. */
  body: Uint8Array;
  /** Whether more came than `body` holds (reading stopped early). */
  more: boolean;
  /** The content-length the server announced, if any. */
  declaredLength: number | null;
};

/** The body as the model sees it: text cut at `max` bytes with the note, or a line about a binary body. */
export function bodyText(answer: PluginAnswer, max: number, note = TRUNCATION_NOTE, secrets: readonly string[] = []): string {
  if (!isTextContentType(answer.contentType)) {
    const size = answer.declaredLength ?? (answer.more ? null : answer.body.length);
    return `[binary response: ${mediaType(answer.contentType)}, ${size === null ? `over ${answer.body.length}` : size} bytes, not shown]`;
  }
  // Secrets out first, over all that was read: cut first, a secret across the cut would stay half shown.
  const text = Buffer.from(redactSecrets(decode(answer.body, answer.contentType), secrets), "utf8");
  const cut = answer.more || text.length > max;
  return Buffer.from(cutUtf8(text, max)).toString("utf8") + (cut ? note : "");
}

/** An HTTP answer → the output and status of the call. */
export function responseOutput(target: Pick<PluginCallTarget, "pluginId" | "operation">, answer: PluginAnswer, secrets: readonly string[] = []): PluginCallResult {
  const { status } = answer;
  if (status >= 200 && status < 300) {
    const text = answer.body.length === 0 ? "" : bodyText(answer, MAX_TOOL_RESPONSE_BYTES, TRUNCATION_NOTE, secrets);
    if (text === "") return { output: status === 204 ? "HTTP 204: no content" : `HTTP ${status}: empty response`, status: "completed", httpStatus: status };
    return { output: text, status: "completed", httpStatus: status };
  }
  const quoted = answer.body.length === 0 ? "" : bodyText(answer, MAX_ERROR_BODY_BYTES, "…", secrets);
  const output = `Error: HTTP ${status} from plugin ${target.pluginId} (${describeOperation(target.operation)})${quoted ? `: ${quoted}` : "."}`;
  return { output, status: "failed", httpStatus: status };
}
