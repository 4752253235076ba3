import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { schemaErrors } from "@/lib/schema-builder/problems";
import { FUNCTION_NAME_PATTERN } from "@/lib/assistants/tools";
import { firstServerUrl, loadOpenApi, parseOpenApiText, type OpenApiDocument } from "@/lib/plugins/openapi";
import { functionName, toJsonSchema } from "@/lib/plugins/operations";

const WEATHER_31_YAML = `
openapi: 3.1.0
info: { title: Weather, version: "1.0" }
servers:
  - url: https://{region}.weather.example/v1
    variables: { region: { default: eu } }
paths:
  /cities/{city}/forecast:
    parameters:
      - $ref: "#/components/parameters/City"
    get:
      operationId: getForecast
      summary: The forecast for a city.
      parameters:
        - name: days
          in: query
          schema: { type: integer, minimum: 1, maximum: 14 }
        - name: X-Units
          in: header
          required: true
          schema: { type: string, enum: [metric, imperial] }
      responses: { "200": { description: OK } }
  /notes:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Note" }
      responses: { "201": { description: Created } }
  /upload:
    put:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: { type: object }
      responses: { "200": { description: OK } }
components:
  parameters:
    City: { name: city, in: path, required: true, description: The city's name., schema: { type: string } }
  schemas:
    Note:
      type: object
      required: [text]
      properties:
        id: { type: string, readOnly: true }
        text: { type: string }
        tags: { type: array, items: { type: string } }
`;

const PETS_30: OpenApiDocument = {
  openapi: "3.0.3",
  info: { title: "Pets", version: "1" },
  servers: [{ url: "/relative" }],
  paths: {
    "/pets/{id}": {
      patch: {
        operationId: "updatePet",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } } },
        responses: { "200": { description: "ok" } },
      },
      get: {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "integer" } },
          { name: "session", in: "cookie", schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    },
  },
  components: {
    schemas: {
      Pet: {
        type: "object",
        "x-internal": true,
        properties: { name: { type: "string", nullable: true, example: "Rex" }, weight: { type: "number", minimum: 0, exclusiveMinimum: true } },
      },
    },
  },
};

async function refusal(input: Parameters<typeof loadOpenApi>[0]): Promise<AppError> {
  const error = await loadOpenApi(input).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, "expected a 400").toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  return error as AppError;
}

describe("loadOpenApi", () => {
  it("reads a 3.1 YAML document: path-level $ref parameters, a $ref body flattened, unsupported bodies listed", async () => {
    const loaded = await loadOpenApi(WEATHER_31_YAML);
    expect(loaded.text).toBe(WEATHER_31_YAML);
    expect(loaded.document.openapi).toBe("3.1.0");
    expect(loaded.server).toEqual({ url: "https://eu.weather.example/v1" });
    const [forecast, note, upload] = loaded.operations;
    expect(forecast).toMatchObject({ name: "getForecast", method: "GET", path: "/cities/{city}/forecast", operationId: "getForecast", description: "The forecast for a city.", unsupported: null });
    expect(forecast!.parameters).toEqual({
      type: "object",
      properties: {
        city: { type: "string", description: "The city's name." },
        days: { type: "integer", minimum: 1, maximum: 14 },
        "X-Units": { type: "string", enum: ["metric", "imperial"] },
      },
      required: ["city", "X-Units"],
      additionalProperties: false,
    });
    expect(forecast!.mapping.parameters).toEqual([
      { in: "path", name: "city", property: "city" },
      { in: "query", name: "days", property: "days" },
      { in: "header", name: "X-Units", property: "X-Units" },
    ]);
    // No operationId: method + path; the read-only id is not something a request sends.
    expect(note).toMatchObject({ name: "post_notes", operationId: null, unsupported: null });
    expect(note!.parameters).toMatchObject({ properties: { text: { type: "string" }, tags: { type: "array" } }, required: ["text"] });
    expect(note!.parameters.properties).not.toHaveProperty("id");
    expect(note!.mapping).toEqual({ parameters: [], body: { mode: "flat", properties: ["text", "tags"] }, contentType: "application/json" });
    expect(upload).toMatchObject({ name: "upload", unsupported: expect.stringContaining("multipart/form-data") });
  });

  it("reads a 3.0 JSON object: nullable, boolean exclusive bounds and x- keys rewritten; cookie parameters unsupported", async () => {
    const loaded = await loadOpenApi(PETS_30);
    expect(loaded.text).toBeNull();
    expect(loaded.server).toEqual({ url: null, reason: expect.stringContaining("/relative") });
    const update = loaded.operations.find((operation) => operation.name === "updatePet")!;
    expect(update.parameters.properties).toEqual({
      id: { type: "integer" },
      name: { type: ["string", "null"] },
      weight: { type: "number", exclusiveMinimum: 0 },
    });
    expect(update.parameters.required).toEqual(["id"]);
    const get = loaded.operations.find((operation) => operation.method === "GET")!;
    expect(get.name).toBe("get_pets_id");
    expect(get.unsupported).toContain("cookie parameter 'session'");
  });

  it("reads the same document given as JSON text", async () => {
    const fromText = await loadOpenApi(JSON.stringify(PETS_30));
    const fromObject = await loadOpenApi(PETS_30);
    expect(fromText.operations).toEqual(fromObject.operations);
    expect(fromText.document).toEqual(PETS_30);
  });

  it("does not change the object it is given", async () => {
    const given = structuredClone(PETS_30);
    await loadOpenApi(given);
    expect(given).toEqual(PETS_30);
  });

  it("nests a body that is not a plain object, and keeps a body that clashes with a parameter apart", async () => {
    const document = structuredClone(PETS_30);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    schemas.Pet = { type: "object", properties: { id: { type: "string" } } };
    const loaded = await loadOpenApi(document);
    const update = loaded.operations.find((operation) => operation.name === "updatePet")!;
    expect(update.mapping.body).toEqual({ mode: "nested", property: "body" });
    expect(update.parameters.properties).toMatchObject({ id: { type: "integer" }, body: { type: "object" } });
  });

  it("marks an operation with a recursive schema unsupported, and keeps the others", async () => {
    const document = structuredClone(PETS_30);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    schemas.Pet = { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Pet" } } } };
    (document.paths as Record<string, unknown>)["/ping"] = { get: { operationId: "ping", responses: { "204": { description: "ok" } } } };
    const loaded = await loadOpenApi(document);
    expect(loaded.operations.find((operation) => operation.name === "ping")!.unsupported).toBeNull();
    expect(loaded.operations.find((operation) => operation.name === "updatePet")!.unsupported).toContain("recursive");
  });

  it("refuses YAML that does not parse, naming the line", async () => {
    const error = await refusal("openapi: 3.1.0\ninfo: [unclosed\n");
    expect(error.param).toBe("openapi");
    expect(error.message).toMatch(/line \d/);
  });

  it.each([
    ["text of a list", "- a\n- b\n", "openapi"],
    ["Swagger 2.0", { swagger: "2.0", info: { title: "x", version: "1" }, paths: {} }, "openapi.swagger"],
    ["OpenAPI 3.2", { openapi: "3.2.0", info: { title: "x", version: "1" }, paths: {} }, "openapi.openapi"],
    ["no version", { info: { title: "x", version: "1" }, paths: {} }, "openapi.openapi"],
  ] as const)("refuses %s", async (_case, input, param) => {
    expect((await refusal(input as never)).param).toBe(param);
  });

  it("refuses an invalid document with the validator's message, without its code frames", async () => {
    const error = await refusal({ openapi: "3.1.0", info: { title: "x" }, paths: { "/a": { get: { responses: "nope" } } } });
    expect(error.param).toBe("openapi");
    expect(error.message).toContain("must have required property 'version'");
    expect(error.message).not.toContain("|");
  });

  it("refuses a $ref to a missing local pointer", async () => {
    const document = structuredClone(PETS_30);
    (document.components as { schemas: Record<string, unknown> }).schemas.Pet = { $ref: "#/components/schemas/Nope" };
    const error = await refusal(document);
    expect(error.message).toContain("#/components/schemas/Nope");
  });

  it("refuses remote and file references without reading them, naming where they are", async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.end(JSON.stringify({ type: "string" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
      const remote = structuredClone(PETS_30);
      (remote.components as { schemas: Record<string, unknown> }).schemas.Pet = { $ref: url };
      const error = await refusal(remote);
      expect(error.param).toBe("openapi.components.schemas.Pet.$ref");
      expect(error.message).toContain("#/components/schemas/Pet/$ref");
      expect(error.message).toContain(url);
      const file = structuredClone(PETS_30);
      (file.paths as Record<string, Record<string, { parameters: unknown[] }>>)["/pets/{id}"]!.get!.parameters[1] = { $ref: "file:///etc/passwd" };
      expect((await refusal(file)).param).toBe("openapi.paths./pets/{id}.get.parameters[1].$ref");
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it("refuses a document with no operation it can call", async () => {
    const document = { openapi: "3.1.0", info: { title: "x", version: "1" }, paths: { "/a": { get: { parameters: [{ name: "s", in: "cookie", schema: { type: "string" } }], responses: { "200": { description: "ok" } } } } } };
    const error = await refusal(document);
    expect(error.param).toBe("openapi.paths");
    expect(error.message).toContain("cookie");
  });

  it("gives long operationIds a name within 64 characters, still unique", async () => {
    const long = `get${"VeryLongOperationName".repeat(4)}`;
    const document = {
      openapi: "3.1.0",
      info: { title: "x", version: "1" },
      paths: {
        "/a": { get: { operationId: `${long}A`, responses: { "200": { description: "ok" } } } },
        "/b": { get: { operationId: `${long}B`, responses: { "200": { description: "ok" } } } },
      },
    };
    const names = (await loadOpenApi(document)).operations.map((operation) => operation.name);
    for (const name of names) expect(name).toMatch(FUNCTION_NAME_PATTERN);
    expect(names[0]).toHaveLength(64);
    expect(new Set(names).size).toBe(2);
  });

  it("produces schemas the strict lint can judge (an optional query parameter is a strict problem)", async () => {
    const forecast = (await loadOpenApi(WEATHER_31_YAML)).operations[0]!;
    const problems = schemaErrors(forecast.parameters, { target: "function", strict: true });
    expect(problems.map((problem) => problem.rule)).toContain("strict/required");
  });
});

describe("functionName", () => {
  it.each([
    ["getForecast", "getForecast"],
    ["get /cities/{city}", "get_cities_city"],
    ["weather.get forecast", "weather_get_forecast"],
    ["__x__", "x"],
    ["{}", "operation"],
  ])("%j → %j", (raw, name) => {
    expect(functionName(raw, new Set())).toBe(name);
  });

  it("numbers names already taken", () => {
    const taken = new Set<string>();
    expect([functionName("a.b", taken), functionName("a b", taken), functionName("a_b", taken)]).toEqual(["a_b", "a_b_2", "a_b_3"]);
  });

  it("keeps a numbered long name within 64 characters", () => {
    const taken = new Set<string>();
    const raw = "x".repeat(100);
    expect(functionName(raw, taken)).toHaveLength(64);
    expect(functionName(raw, taken)).toMatch(/^x{57}_[0-9a-f]{4}_2$/);
  });
});

describe("toJsonSchema", () => {
  it("adds null to a nullable 3.0 enum, and leaves 3.1 schemas' own keys", () => {
    expect(toJsonSchema({ type: "string", enum: ["a"], nullable: true }, true)).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(toJsonSchema({ type: ["string", "null"], exclusiveMinimum: 3 }, false)).toEqual({ type: ["string", "null"], exclusiveMinimum: 3 });
  });
});

describe("parseOpenApiText and firstServerUrl", () => {
  it("reads JSON text as YAML's subset", () => {
    expect(parseOpenApiText('{"openapi": "3.1.0"}')).toEqual({ openapi: "3.1.0" });
  });

  it("refuses YAML with too many aliases (a billion laughs)", () => {
    const bomb = `a: &a [x, x]\nb: &b [${"*a,".repeat(60)}*a]\nc: [${"*b,".repeat(60)}*b]\n`;
    expect(() => parseOpenApiText(bomb)).toThrow(AppError);
  });

  it.each([
    ["a NUL character", 'openapi: "3.1.0"\ninfo: { title: "a\\0b" }\n', "openapi.info.title"],
    ["a __proto__ key", "openapi: 3.1.0\ninfo:\n  __proto__: { polluted: true }\n", "openapi.info.__proto__"],
  ])("refuses text whose value could not be stored as sent: %s", (_case, text, param) => {
    let thrown: unknown;
    try {
      parseOpenApiText(text);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as AppError).param).toBe(param);
  });

  it("has no server for a document without servers", () => {
    expect(firstServerUrl({ openapi: "3.1.0" })).toEqual({ url: null, reason: "the document names no server" });
  });
});
