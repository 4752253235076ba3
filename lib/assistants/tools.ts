import { functionRootProblem } from "@/lib/schema-builder/function-root";
import { z } from "@/lib/zod";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { parseInto } from "@/lib/validation";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { SchemaTarget } from "@/lib/schema-builder/types";

// The tools an assistant may carry: OpenAI's three, Model Studio's built-ins and custom plugins
// (`{ type: "<plugin_id>", auth: { type: "user_http", user_token } }`), and Project David's `computer`.

export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOLS = 128;
export const OPENAI_TOOL_TYPES = ["code_interpreter", "file_search", "function"] as const;
export const BUILTIN_EXTENSION_TOOL_TYPES = ["search", "web_search", "text_to_image", "computer"] as const;
export const KNOWN_TOOL_TYPES: readonly string[] = [...OPENAI_TOOL_TYPES, ...BUILTIN_EXTENSION_TOOL_TYPES];
const PLUGIN_ID_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.:-]{0,127}$/;

/** Adds every problem of a JSON Schema value as an issue under `path`. */
export function checkJsonSchema(value: unknown, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  for (const problem of jsonSchemaProblems(value)) {
    ctx.addIssue({ code: "custom", message: problem.message, path: [...path, ...problem.path] });
  }
}

/**
 * With `strict: true` a provider constrains generation to the schema and refuses schemas outside
 * the strict subset; the schema builder's strict lint (lib/schema-builder/strict-lint.ts) says
 * which, and the API refuses the same ones at the same paths. Runs after the field's own checks,
 * so only on valid JSON Schema.
 */
export function checkStrictSchema(value: unknown, target: SchemaTarget, ctx: z.RefinementCtx, path: (string | number)[]): void {
  for (const problem of strictProblems(value, target)) {
    ctx.addIssue({ code: "custom", message: problem.message, path: [...path, ...problem.path] });
  }
}

/** Names of functions and of response_format JSON schemas follow the same rule. */
export const nameSchema = z
  .string()
  .regex(FUNCTION_NAME_PATTERN, "must be 1-64 characters of a-z, A-Z, 0-9, underscores and dashes");

/** Any JSON Schema object, checked by lib/json-schema.ts. */
export const jsonSchemaObject = z
  .record(z.string(), z.unknown(), { message: "must be a JSON Schema object" })
  .superRefine((schema, ctx) => checkJsonSchema(schema, ctx));

const functionParametersSchema = z
  .record(z.string(), z.unknown(), { message: "must be a JSON Schema object" })
  .superRefine((schema, ctx) => {
    const root = functionRootProblem(schema);
    if (root) {
      ctx.addIssue({ code: "custom", path: root.path, message: root.message });
      return;
    }
    checkJsonSchema(schema, ctx);
  });

export const functionDefinitionSchema = z
  .strictObject({
    name: nameSchema,
    description: z.string().max(1024).optional(),
    parameters: functionParametersSchema.optional(),
    strict: z.boolean().nullable().optional(),
  })
  .superRefine((definition, ctx) => {
    if (definition.strict === true && definition.parameters) checkStrictSchema(definition.parameters, "function", ctx, ["parameters"]);
  });

const codeInterpreterTool = z.strictObject({ type: z.literal("code_interpreter") });

const fileSearchTool = z.strictObject({
  type: z.literal("file_search"),
  file_search: z
    .strictObject({
      max_num_results: z.number().int().min(1).max(50).optional(),
      ranking_options: z
        .strictObject({
          ranker: z.enum(["auto", "default_2024_08_21"]).optional(),
          score_threshold: z.number().min(0).max(1),
        })
        .optional(),
    })
    .optional(),
});

const functionTool = z.strictObject({ type: z.literal("function"), function: functionDefinitionSchema });

const builtinExtensionTool = z.strictObject({ type: z.enum(BUILTIN_EXTENSION_TOOL_TYPES) });

const pluginAuthSchema = z.strictObject({
  type: z.literal("user_http"),
  user_token: z.string().min(1, "must not be empty").max(4096),
});

const pluginTool = z.strictObject({
  type: z
    .string()
    .regex(PLUGIN_ID_PATTERN, "must be a known tool type or a plugin id (a letter, then letters, digits, _ . : -)"),
  auth: pluginAuthSchema.optional(),
});

export type FunctionTool = z.infer<typeof functionTool>;
export type PluginTool = z.infer<typeof pluginTool>;
export type AssistantTool =
  | z.infer<typeof codeInterpreterTool>
  | z.infer<typeof fileSearchTool>
  | FunctionTool
  | z.infer<typeof builtinExtensionTool>
  | PluginTool;

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function schemaForType(type: string) {
  switch (type) {
    case "code_interpreter":
      return codeInterpreterTool;
    case "file_search":
      return fileSearchTool;
    case "function":
      return functionTool;
    default:
      return (BUILTIN_EXTENSION_TOOL_TYPES as readonly string[]).includes(type) ? builtinExtensionTool : pluginTool;
  }
}

/**
 * One tool, dispatched on `type` so errors point into the right variant (a plain union would
 * only say "invalid input"). Any other type is a custom plugin; a near-miss of a known type
 * without plugin auth is almost certainly a typo, so it is refused with a suggestion.
 */
export const toolSchema = z.unknown().transform((value, ctx): AssistantTool => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be a tool object with a 'type'" });
    return z.NEVER;
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string" || !type) {
    ctx.addIssue({ code: "custom", path: ["type"], message: "is required: code_interpreter, file_search, function, or a plugin id" });
    return z.NEVER;
  }
  if (!KNOWN_TOOL_TYPES.includes(type) && !("auth" in value)) {
    const near = KNOWN_TOOL_TYPES.find((known) => editDistance(known, type) <= 2);
    if (near) {
      ctx.addIssue({ code: "custom", path: ["type"], message: `unknown tool type '${type}'; did you mean '${near}'?` });
      return z.NEVER;
    }
  }
  return parseInto(schemaForType(type), value, ctx) as AssistantTool;
});

export const toolsSchema = z
  .array(toolSchema)
  .max(MAX_TOOLS, `an assistant can have at most ${MAX_TOOLS} tools`)
  .superRefine((tools, ctx) => {
    const seen = new Map<string, number>();
    tools.forEach((tool, index) => {
      if (tool.type !== "function") return;
      const { name } = (tool as FunctionTool).function;
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index, "function", "name"],
          message: `duplicate function name '${name}' (also used by tools[${first}])`,
        });
      } else seen.set(name, index);
    });
  });

export function isPluginTool(tool: AssistantTool): tool is PluginTool {
  return !KNOWN_TOOL_TYPES.includes(tool.type);
}
