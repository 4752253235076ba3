import { describe, expect, it } from "vitest";
import type { PluginOperation } from "@/lib/plugins/operations";
import {
  buildPluginRequest,
  cutUtf8,
  isTextContentType,
  MAX_TOOL_RESPONSE_BYTES,
  parsePluginArguments,
  PluginArgumentsError,
  redactSecrets,
  responseOutput,
  TRUNCATION_NOTE,
  type PluginAnswer,
  type PluginCallTarget,
} from "@/lib/plugins/request";

const operation = (overrides: Partial<PluginOperation> & Pick<PluginOperation, "method" | "path" | "mapping">): PluginOperation => ({
  name: "op",
  operationId: null,
  description: "",
  parameters: { type: "object", properties: {} },
  unsupported: null,
  ...overrides,
});

const FORECAST = operation({
  method: "GET",
  path: "/cities/{city}/forecast",
  mapping: {
    parameters: [
      { in: "path", name: "city", property: "city" },
      { in: "query", name: "days", property: "days" },
      { in: "query", name: "tag", property: "tag" },
      { in: "query", name: "filter", property: "filter" },
      { in: "header", name: "X-Units", property: "X-Units" },
    ],
    body: null,
    contentType: null,
  },
});

const target = (op: PluginOperation, auth: PluginCallTarget["auth"] = { type: "none" }): PluginCallTarget => ({ pluginId: "plugin_1", serverUrl: "https://api.example/v1/", operation: op, auth });

const answer = (status: number, body: string | Uint8Array, extra: Partial<PluginAnswer> = {}): PluginAnswer => ({
  status,
  contentType: "application/json",
  body: typeof body === "string" ? Buffer.from(body) : body,
  more: false,
  declaredLength: null,
  ...extra,
});

const argumentsError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginArgumentsError);
    return (error as Error).message;
  }
  throw new Error("expected a PluginArgumentsError");
};

describe("parsePluginArguments", () => {
  it("takes a JSON object, and empty text as no arguments", () => {
    expect(parsePluginArguments('{"a":1}')).toEqual({ a: 1 });
    expect(parsePluginArguments("  ")).toEqual({});
  });

  it("refuses invalid JSON and anything but an object", () => {
    expect(argumentsError(() => parsePluginArguments("{nope"))).toMatch(/^Error: the arguments are not a JSON object: /);
    expect(argumentsError(() => parsePluginArguments("[1]"))).toBe("Error: the arguments are not a JSON object: got an array.");
    expect(argumentsError(() => parsePluginArguments("null"))).toBe("Error: the arguments are not a JSON object: got null.");
    expect(argumentsError(() => parsePluginArguments('"x"'))).toBe("Error: the arguments are not a JSON object: got string.");
  });
});

describe("buildPluginRequest", () => {
  it("fills the path, repeats arrays, JSON-encodes objects and skips null in the query", () => {
    const built = buildPluginRequest(target(FORECAST), { city: "São Paulo/x", days: 3, tag: ["a", "b c"], filter: { min: 1 }, "X-Units": "metric", unknown: "ignored" });
    expect(built.method).toBe("GET");
    expect(built.url).toBe("https://api.example/v1/cities/S%C3%A3o%20Paulo%2Fx/forecast?days=3&tag=a&tag=b+c&filter=%7B%22min%22%3A1%7D");
    expect(built.body).toBeNull();
    expect(built.headers).toEqual({ "x-units": "metric", "user-agent": "Atelier-Tools/1", accept: "application/json, */*;q=0.5" });
    expect(buildPluginRequest(target(FORECAST), { city: "x", days: null }).url).toBe("https://api.example/v1/cities/x/forecast");
  });

  it("names a missing path parameter, and refuses dot segments and header breaking values", () => {
    expect(argumentsError(() => buildPluginRequest(target(FORECAST), { days: 1 }))).toBe("Error: the required path parameter 'city' is missing.");
    expect(argumentsError(() => buildPluginRequest(target(FORECAST), { city: ".." }))).toMatch(/'city' may not be "\.\."/);
    expect(argumentsError(() => buildPluginRequest(target(FORECAST), { city: "x", "X-Units": "a\r\nx-evil: 1" }))).toMatch(/'X-Units' has characters/);
  });

  it("adds the auth last, so no parameter replaces it", () => {
    const bearer = buildPluginRequest(target(FORECAST, { type: "bearer", token: "tok_123456" }), { city: "x" });
    expect(bearer.headers.authorization).toBe("Bearer tok_123456");
    const custom = buildPluginRequest(target(FORECAST, { type: "header", name: "X-Units", value: "secret-value" }), { city: "x", "X-Units": "metric" });
    expect(custom.headers["x-units"]).toBe("secret-value");
  });

  it("sends the listed properties of a flat body, with the operation's content type", () => {
    const op = operation({ method: "post", path: "/notes", mapping: { parameters: [], body: { mode: "flat", properties: ["text", "pinned"] }, contentType: "application/merge-patch+json" } });
    const built = buildPluginRequest(target(op), { text: "hi", pinned: false, other: 1 });
    expect(built.method).toBe("POST");
    expect(built.url).toBe("https://api.example/v1/notes");
    expect(JSON.parse(built.body!)).toEqual({ text: "hi", pinned: false });
    expect(built.headers["content-type"]).toBe("application/merge-patch+json");
  });

  it("sends a nested body's property as the whole body, and none when it is absent", () => {
    const op = operation({ method: "PUT", path: "/items", mapping: { parameters: [], body: { mode: "nested", property: "body" }, contentType: null } });
    const built = buildPluginRequest(target(op), { body: [1, 2] });
    expect(built.body).toBe("[1,2]");
    expect(built.headers["content-type"]).toBe("application/json");
    const empty = buildPluginRequest(target(op), {});
    expect(empty.body).toBeNull();
    expect(empty.headers).not.toHaveProperty("content-type");
  });
});

describe("response helpers", () => {
  it("tells text content types from binary ones", () => {
    for (const type of [null, "", "text/html; charset=utf-8", "application/json", "application/problem+json", "application/xml", "image/svg+xml", "application/javascript", "application/x-www-form-urlencoded"]) {
      expect(isTextContentType(type), String(type)).toBe(true);
    }
    for (const type of ["image/png", "application/octet-stream", "application/pdf", "audio/mpeg"]) expect(isTextContentType(type), type).toBe(false);
  });

  it("cuts on a UTF-8 character boundary", () => {
    const bytes = Buffer.from("aé€😀");
    expect(Buffer.from(cutUtf8(bytes, 2)).toString()).toBe("a");
    expect(Buffer.from(cutUtf8(bytes, 3)).toString()).toBe("aé");
    expect(Buffer.from(cutUtf8(bytes, 9)).toString()).toBe("aé€");
    expect(cutUtf8(bytes, 100)).toBe(bytes);
  });

  it("returns a 2xx body, and says when it is empty", () => {
    const t = target(FORECAST);
    expect(responseOutput(t, answer(200, '{"ok":true}'))).toEqual({ output: '{"ok":true}', status: "completed", httpStatus: 200 });
    expect(responseOutput(t, answer(204, ""))).toEqual({ output: "HTTP 204: no content", status: "completed", httpStatus: 204 });
    expect(responseOutput(t, answer(200, "")).output).toBe("HTTP 200: empty response");
  });

  it("cuts a body over 1 MiB with the note", () => {
    const big = Buffer.alloc(MAX_TOOL_RESPONSE_BYTES + 10, "é");
    const { output } = responseOutput(target(FORECAST), answer(200, big, { contentType: "text/plain", more: true }));
    expect(output.endsWith(TRUNCATION_NOTE)).toBe(true);
    const text = output.slice(0, -TRUNCATION_NOTE.length);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_TOOL_RESPONSE_BYTES);
    expect(text).not.toContain("\uFFFD");
  });

  it("takes the plugin's secret out before cutting, so one across the cut is not half shown", () => {
    const secret = "service-secret-0123456789abcdef";
    const body = `${"x".repeat(MAX_TOOL_RESPONSE_BYTES - 8)}${secret}`;
    const { output } = responseOutput(target(FORECAST), answer(200, body, { contentType: "text/plain" }), [secret]);
    expect(output).not.toContain(secret.slice(0, 8));
    expect(output.endsWith(TRUNCATION_NOTE)).toBe(false);
    const error = responseOutput(target(FORECAST), answer(500, `${"e".repeat(4090)}${secret}`, { contentType: "text/plain" }), [secret]);
    expect(error.output).not.toContain(secret.slice(0, 4));
  });

  it("describes a binary body instead of showing it", () => {
    const png = answer(200, Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: "image/png" });
    expect(responseOutput(target(FORECAST), png).output).toBe("[binary response: image/png, 4 bytes, not shown]");
    expect(responseOutput(target(FORECAST), { ...png, declaredLength: 12345, more: true }).output).toBe("[binary response: image/png, 12345 bytes, not shown]");
  });

  it("fails a non-2xx answer with the operation and the first 4 KiB of its body", () => {
    const result = responseOutput(target(FORECAST), answer(500, `{"error":"${"x".repeat(5000)}"}`));
    expect(result.status).toBe("failed");
    expect(result.httpStatus).toBe(500);
    expect(result.output.startsWith('Error: HTTP 500 from plugin plugin_1 (GET /cities/{city}/forecast): {"error":"xxx')).toBe(true);
    expect(result.output.length).toBeLessThan(4200);
    expect(responseOutput(target(FORECAST), answer(404, "")).output).toBe("Error: HTTP 404 from plugin plugin_1 (GET /cities/{city}/forecast).");
  });

  it("redacts secrets", () => {
    expect(redactSecrets("token tok_123456 and tok_123456", ["tok_123456", "ab"])).toBe("token **** and ****");
  });
});
