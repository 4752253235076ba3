import { parse as parseYaml, YAMLParseError } from "yaml";
import { AppError, type FieldErrors } from "@/lib/errors";
import { findUnstorable } from "@/lib/storable-json";
import { paramToFieldName, toParam } from "@/lib/validation";
import { operationsOf, type PluginOperation } from "@/lib/plugins/operations";

// A plugin's OpenAPI document, from what a request carries (an object, or YAML/JSON text) to the
// operations a run may call. Pure apart from @readme/openapi-parser, which is told never to read a
// file or fetch a URL: a document is judged on its own content, so saving one cannot make Atelier
// reach into the network or the disk (SSRF through `$ref`). Every problem is a 400 naming `param`.

/** What a plugin's document may hold; a bigger API is better split into several plugins. */
export const OPENAPI_LIMITS = { operations: 300, yamlAliases: 100, operationBytes: 256 * 1024, totalBytes: 2 * 1024 * 1024 } as const;

export type OpenApiDocument = Record<string, unknown>;

export type LoadedOpenApi = {
  /** The document as given, parsed: what the API shows and the console edits. */
  document: OpenApiDocument;
  /** The text it came as, when it came as text. */
  text: string | null;
  operations: PluginOperation[];
  /** The first server's URL with its variables' defaults, when absolute; else why there is none. */
  server: { url: string } | { url: null; reason: string };
};

// Strings would be read as paths or URLs by the parser, so only objects are passed, and references
// outside the document are neither read from disk nor fetched (they are refused before, anyway).
const PARSER_OPTIONS = { resolve: { external: false, file: false }, dereference: { circular: "ignore" as const }, timeoutMs: 5000 };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function refused(param: string, message: string, fieldErrors?: FieldErrors): AppError {
  return new AppError("invalid_request", `Invalid '${param}': ${message}`, { param, fieldErrors: fieldErrors ?? { [paramToFieldName(param)]: [message] } });
}

/** YAML or JSON text (YAML is a superset) → an object; a syntax error names its line. */
export function parseOpenApiText(text: string, param = "openapi"): OpenApiDocument {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: OPENAPI_LIMITS.yamlAliases });
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const line = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : "";
    throw refused(param, `is not valid YAML or JSON${line}: ${error.message.split("\n")[0]}`);
  }
  if (!isRecord(value)) throw refused(param, "must be an OpenAPI document: YAML or JSON text of an object");
  // What a JSON body gets from storable() (lib/plugins/schema.ts), for text parsed here.
  const unstorable = findUnstorable(value);
  if (unstorable) throw refused(toParam([param, ...unstorable.path]), unstorable.message);
  return value;
}

/** The path of the first `$ref` that is not a local pointer (`#/…`), if any. */
export function findRemoteRef(node: unknown, path: (string | number)[] = []): { path: (string | number)[]; ref: string } | null {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const found = findRemoteRef(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (!isRecord(node)) return null;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) return { path: [...path, key], ref: value };
    const found = findRemoteRef(value, [...path, key]);
    if (found) return found;
  }
  return null;
}

const jsonPointer = (path: (string | number)[]) => `#/${path.map((segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

function checkVersion(document: OpenApiDocument, param: string): void {
  if (typeof document.swagger === "string") {
    throw refused(`${param}.swagger`, "Swagger 2.0 documents are not supported: convert it to OpenAPI 3 (e.g. with swagger2openapi) first");
  }
  if (typeof document.openapi !== "string" || !/^3\.[01]\.\d+$/.test(document.openapi)) {
    throw refused(`${param}.openapi`, `must be an OpenAPI 3.0.x or 3.1.x version, got ${JSON.stringify(document.openapi ?? null)}`);
  }
}

/** The parser's messages, without the code frames (they quote its JSON, not what was written). */
function validationMessage(errors: { message: string }[], more: number): string {
  const shown = errors.slice(0, 3).map((error) => error.message.split("\n")[0]!.trim());
  const rest = errors.length - shown.length + more;
  return `is not a valid OpenAPI document: ${shown.join("; ")}${rest > 0 ? ` (and ${rest} more)` : ""}`;
}

/** servers[0].url with `{variables}` replaced by their defaults; relative URLs give no server. */
export function firstServerUrl(document: OpenApiDocument): LoadedOpenApi["server"] {
  const server = Array.isArray(document.servers) ? document.servers[0] : undefined;
  if (!isRecord(server) || typeof server.url !== "string") return { url: null, reason: "the document names no server" };
  const variables = isRecord(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === "string" ? variable.default : whole;
  });
  if (!/^https?:\/\//i.test(url)) return { url: null, reason: `the document's first server (${url}) is not an absolute http(s) URL` };
  return { url };
}

/**
 * Text or object → the document, validated (OpenAPI 3.0/3.1, every `$ref` local and resolvable)
 * and its operations as function tools. At least one operation must be callable.
 */
export async function loadOpenApi(input: string | OpenApiDocument, param = "openapi"): Promise<LoadedOpenApi> {
  const text = typeof input === "string" ? input : null;
  const document = typeof input === "string" ? parseOpenApiText(input, param) : input;
  checkVersion(document, param);
  const remote = findRemoteRef(document);
  if (remote) {
    const at = `${param}.${toParam(remote.path)}`;
    throw refused(at, `the $ref at ${jsonPointer(remote.path)} points outside the document (${JSON.stringify(remote.ref)}); only local references (#/…) are resolved, so bundle the document first`);
  }
  // Imported when first needed: the parser and its schemas are not small, and only saving needs them.
  const parser = await import("@readme/openapi-parser");
  const result = await parser.validate(structuredClone(document) as never, PARSER_OPTIONS);
  if (!result.valid) throw refused(param, validationMessage(result.errors, result.additionalErrors));
  let dereferenced: OpenApiDocument;
  try {
    dereferenced = (await parser.dereference(structuredClone(document) as never, PARSER_OPTIONS)) as unknown as OpenApiDocument;
  } catch (error) {
    throw refused(param, `has a $ref that cannot be resolved: ${(error as Error).message}`);
  }
  const operations = operationsOf(dereferenced);
  checkOperations(operations, param);
  return { document, text, operations, server: firstServerUrl(document) };
}

function checkOperations(operations: PluginOperation[], param: string): void {
  if (operations.length > OPENAPI_LIMITS.operations) {
    throw refused(`${param}.paths`, `has ${operations.length} operations; a plugin may have at most ${OPENAPI_LIMITS.operations} (split the API into several plugins)`);
  }
  if (!operations.some((operation) => operation.unsupported === null)) {
    const why = operations.length ? `: ${operations.slice(0, 3).map((operation) => `${operation.method} ${operation.path}: ${operation.unsupported}`).join("; ")}` : "";
    throw refused(`${param}.paths`, `has no operation Atelier can call${why}`);
  }
  let total = 0;
  for (const operation of operations) {
    // Dereferencing copies each shared schema wherever it is used, which can multiply a small document.
    const bytes = JSON.stringify(operation.parameters).length;
    total += bytes;
    if (bytes > OPENAPI_LIMITS.operationBytes) {
      throw refused(`${param}.paths`, `operation ${operation.method} ${operation.path} has a parameter schema of ${bytes} bytes once its references are resolved; at most ${OPENAPI_LIMITS.operationBytes}`);
    }
  }
  if (total > OPENAPI_LIMITS.totalBytes) {
    throw refused(`${param}.paths`, `the operations' schemas come to ${total} bytes once references are resolved; at most ${OPENAPI_LIMITS.totalBytes}`);
  }
}
