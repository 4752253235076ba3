import { functionRootProblem } from "@/lib/schema-builder/function-root";
import { z } from "@/lib/zod";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { parseInto } from "@/lib/validation";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { SchemaTarget } from "@/lib/schema-builder/types";
import { MCP_LIMITS, requireApprovalSchema, serverLabelSchema, toolNames } from "@/lib/mcp/schema";

// The tools an assistant may carry: OpenAI's three, Model Studio's built-ins and custom plugins
// (`{ type: "<plugin_id>", auth: { type: "user_http", user_token } }`), Project David's `computer`, and
// MCP servers in the shape of OpenAI's Responses `mcp` tool (`{ type: "mcp", server_label, … }`).

export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOLS = 128;
export const OPENAI_TOOL_TYPES = ["code_interpreter", "file_search", "function"] as const;
export const BUILTIN_EXTENSION_TOOL_TYPES = ["search", "web_search", "text_to_image", "computer"] as const;
export const MCP_TOOL_TYPE = "mcp";
export const KNOWN_TOOL_TYPES: readonly string[] = [...OPENAI_TOOL_TYPES, ...BUILTIN_EXTENSION_TOOL_TYPES, MCP_TOOL_TYPE];
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

/**
 * An MCP server's tools: `server_label` names a server registered in the workspace (its URL and
 * secrets live in the registry, /v1/mcp_servers), or, with `server_url`, a server called as it is,
 * without secrets, where the outbound rules allow. `allowed_tools` narrows what the server (or the
 * registry) allows; `require_approval` adds approvals to the registry's, never removes them.
 */
const mcpTool = z.strictObject({
  type: z.literal(MCP_TOOL_TYPE),
  server_label: serverLabelSchema,
  server_url: z.string().min(1, "must not be empty").max(MCP_LIMITS.urlChars).optional(),
  server_description: z.string().max(MCP_LIMITS.descriptionChars).optional(),
  allowed_tools: z.union([toolNames, z.strictObject({ tool_names: toolNames })], { message: "must be a list of tool names, or {tool_names: [...]}" }).optional(),
  require_approval: requireApprovalSchema.optional(),
});

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
export type McpTool = z.infer<typeof mcpTool>;
export type AssistantTool =
  | z.infer<typeof codeInterpreterTool>
  | z.infer<typeof fileSearchTool>
  | FunctionTool
  | z.infer<typeof builtinExtensionTool>
  | McpTool
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
    case MCP_TOOL_TYPE:
      return mcpTool;
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
  if (type === MCP_TOOL_TYPE) {
    // OpenAI's format carries secrets inline; Atelier keeps them sealed in the registry instead.
    const inlineSecret = ["headers", "authorization"].find((key) => key in value);
    if (inlineSecret) {
      ctx.addIssue({ code: "custom", path: [inlineSecret], message: "MCP servers' secrets are kept in the registry, sealed: register the server (POST /v1/mcp_servers or the Tools page) with its headers and token, and reference it by server_label" });
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
    const labels = new Map<string, number>();
    tools.forEach((tool, index) => {
      if (isMcpTool(tool)) {
        const first = labels.get(tool.server_label);
        if (first !== undefined) ctx.addIssue({ code: "custom", path: [index, "server_label"], message: `duplicate MCP server_label '${tool.server_label}' (also used by tools[${first}])` });
        else labels.set(tool.server_label, index);
        return;
      }
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

export function isMcpTool(tool: AssistantTool): tool is McpTool {
  return tool.type === MCP_TOOL_TYPE;
}

export function isPluginTool(tool: AssistantTool): tool is PluginTool {
  return !KNOWN_TOOL_TYPES.includes(tool.type);
}
