import { z } from "@/lib/zod";
import { isHttpUrl } from "@/lib/web-url";
import { mockOutputsSchema, orphanMockMessage, orphanMockNames, type MockOutputs } from "@/lib/assistants/mock-outputs";
import { checkStrictSchema, jsonSchemaObject, MAX_TOOLS, nameSchema, toolsSchema, type AssistantTool } from "@/lib/assistants/tools";
import { checkStorable } from "@/lib/storable-json";
import { chunkingStrategySchema } from "@/lib/vector-stores/chunking";
import { parseInto } from "@/lib/validation";

// The only statement of what a valid assistant is (DESIGN.md rule 1). The REST API, the server
// actions and the editor form all parse with these schemas; their issue paths become `error.param`
// and form field errors. Limits follow the OpenAI contract; `top_k`/`max_tokens` come from Model
// Studio, `user_id`/`webhook_url`/`meta_data` from Project David.

export const LIMITS = {
  name: 256,
  description: 512,
  instructions: 256_000,
  model: 256,
  tools: MAX_TOOLS,
  metadataPairs: 16,
  metadataKey: 64,
  metadataValue: 512,
  codeInterpreterFiles: 20,
  vectorStores: 1,
  // OpenAI: a vector store made inline in tool_resources takes at most 10,000 files.
  inlineStoreFiles: 10_000,
} as const;

// Checked on the raw object: z.record would silently drop a "__proto__" key.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const metadataSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { message: "must be an object of string keys and string values" })
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > LIMITS.metadataPairs) {
      ctx.addIssue({ code: "custom", message: `at most ${LIMITS.metadataPairs} key-value pairs, got ${keys.length}` });
    }
    for (const key of keys) {
      const value = metadata[key];
      if (key.length === 0) ctx.addIssue({ code: "custom", path: [key], message: "keys must not be empty" });
      if (key.length > LIMITS.metadataKey) {
        ctx.addIssue({ code: "custom", path: [key], message: `key longer than ${LIMITS.metadataKey} characters (${key.length})` });
      }
      if (typeof value !== "string") {
        ctx.addIssue({ code: "custom", path: [key], message: `values must be strings, got ${value === null ? "null" : typeof value}` });
      } else if (value.length > LIMITS.metadataValue) {
        ctx.addIssue({ code: "custom", path: [key], message: `value longer than ${LIMITS.metadataValue} characters (${value.length})` });
      }
    }
  })
  .transform((metadata) => metadata as Record<string, string>);

const idList = (max: number, what: string) =>
  z.array(z.string().min(1).max(256)).max(max, `at most ${max} ${what}`);

export const toolResourcesSchema = z.strictObject({
  code_interpreter: z.strictObject({ file_ids: idList(LIMITS.codeInterpreterFiles, "files").optional() }).optional(),
  file_search: z
    .strictObject({
      vector_store_ids: idList(LIMITS.vectorStores, "vector store").optional(),
      // Created with the assistant or thread (lib/assistants/tool-resources.ts), then listed in vector_store_ids.
      vector_stores: z
        .array(
          z.strictObject({
            file_ids: idList(LIMITS.inlineStoreFiles, "files").optional(),
            chunking_strategy: chunkingStrategySchema.optional(),
            metadata: metadataSchema.nullable().optional(),
          }),
        )
        .max(LIMITS.vectorStores, `at most ${LIMITS.vectorStores} vector store`)
        .optional(),
    })
    .optional(),
});

export type ToolResources = z.output<typeof toolResourcesSchema>;

const jsonSchemaFormat = z.strictObject({
  type: z.literal("json_schema"),
  json_schema: z
    .strictObject({
      name: nameSchema,
      description: z.string().optional(),
      schema: jsonSchemaObject.optional(),
      strict: z.boolean().nullable().optional(),
    })
    .superRefine((format, ctx) => {
      if (format.strict === true && format.schema) checkStrictSchema(format.schema, "response_format", ctx, ["schema"]);
    }),
});

export const responseFormatSchema = z.union(
  [
    z.literal("auto"),
    z.strictObject({ type: z.literal("text") }),
    z.strictObject({ type: z.literal("json_object") }),
    jsonSchemaFormat,
  ],
  { message: "must be 'auto', {type: 'text'}, {type: 'json_object'} or {type: 'json_schema', json_schema: {...}}" },
);

/** Picks the union member by `type` so a bad json_schema reports its own field, not "invalid union". */
const responseFormatField = z.unknown().transform((value, ctx) => {
  const isJsonSchema = isPlainObject(value) && value.type === "json_schema";
  return parseInto(isJsonSchema ? jsonSchemaFormat : responseFormatSchema, value, ctx) as ResponseFormat;
});

export type ResponseFormat = z.infer<typeof responseFormatSchema>;

// https; plain http passes here only so the server can allow it for hosts in
// ATELIER_TOOL_ALLOWED_HOSTS (lib/assistants/service.ts checks each URL against the outbound rules).
export const webhookUrlSchema = z
  .string()
  .max(2048)
  .refine(isHttpUrl, "must be an https:// URL");

export const assistantFields = {
  model: z.string().trim().min(1, "must not be empty").max(LIMITS.model),
  name: z.string().max(LIMITS.name).nullable(),
  description: z.string().max(LIMITS.description).nullable(),
  instructions: z.string().max(LIMITS.instructions).nullable(),
  tools: toolsSchema,
  tool_resources: toolResourcesSchema.nullable(),
  metadata: metadataSchema.nullable(),
  temperature: z.number().min(0).max(2).nullable(),
  top_p: z.number().min(0).max(1).nullable(),
  top_k: z.number().int().min(0).max(2 ** 31 - 1).nullable(),
  max_tokens: z.number().int().min(1).max(2 ** 31 - 1).nullable(),
  reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh", "max"]).nullable(),
  response_format: responseFormatField.nullable(),
  user_id: z.string().max(256).nullable(),
  webhook_url: webhookUrlSchema.nullable(),
  // Atelier extension (lib/assistants/mock-outputs.ts); `null` clears them.
  mock_outputs: mockOutputsSchema.nullable(),
};

/**
 * Before field validation: refuse what the database cannot store (lib/storable-json.ts), and fold
 * `meta_data` (Project David) into its alias `metadata`; sending both is ambiguous.
 */
function prepareBody(input: unknown, ctx: z.RefinementCtx): unknown {
  if (!checkStorable(input, ctx)) return z.NEVER;
  if (typeof input !== "object" || input === null || Array.isArray(input) || !("meta_data" in input)) return input;
  const { meta_data: alias, ...rest } = input as Record<string, unknown>;
  if ("metadata" in rest) {
    ctx.addIssue({ code: "custom", path: ["meta_data"], message: "pass either 'metadata' or its alias 'meta_data', not both" });
    return z.NEVER;
  }
  return { ...rest, metadata: alias };
}

/**
 * Mock outputs must name function tools of the same body. An update that sends mocks without tools
 * is checked against the stored tools by the service instead; a create has no other tools.
 */
function checkMockTargets(body: { tools?: AssistantTool[]; mock_outputs?: MockOutputs | null }, ctx: z.RefinementCtx, creating: boolean) {
  if (!body.mock_outputs || (body.tools === undefined && !creating)) return;
  for (const name of orphanMockNames(body.mock_outputs, body.tools ?? [])) {
    ctx.addIssue({ code: "custom", path: ["mock_outputs", name], message: orphanMockMessage(name) });
  }
}

const bodyObject = <S extends z.ZodRawShape>(shape: S, creating: boolean) =>
  z.preprocess(
    prepareBody,
    z
      .strictObject(shape, { message: "the request body must be a JSON object" })
      .superRefine((body, ctx) => checkMockTargets(body as Parameters<typeof checkMockTargets>[0], ctx, creating)),
  );

const optionalFields = Object.fromEntries(
  Object.entries(assistantFields).map(([key, schema]) => [key, schema.optional()]),
) as { [K in keyof typeof assistantFields]: z.ZodOptional<(typeof assistantFields)[K]> };

export const assistantCreateSchema = bodyObject({ ...optionalFields, model: assistantFields.model }, true);
/** Modify is partial: omitted fields stay as they are; `null` clears a nullable field. */
export const assistantUpdateSchema = bodyObject(optionalFields, false);

export type AssistantCreateInput = z.output<typeof assistantCreateSchema>;
export type AssistantUpdateInput = z.output<typeof assistantUpdateSchema>;
