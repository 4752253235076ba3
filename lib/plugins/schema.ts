import { z } from "@/lib/zod";
import { BUILTIN_EXTENSION_TOOL_TYPES, OPENAI_TOOL_TYPES } from "@/lib/assistants/tools";
import { storable } from "@/lib/storable-json";
import { requireApprovalSchema } from "@/lib/mcp/schema";

// What valid plugin requests are (POST /v1/plugins, POST /v1/plugins/{plugin_id}); the console's
// form will parse with the same schemas. The document itself is judged by openapi.ts (async, it
// needs the OpenAPI parser); here it only has to be an object or text.

export const PLUGIN_LIMITS = { nameChars: 256, descriptionChars: 2048, urlChars: 2048, secretChars: 4096, headerNameChars: 128 } as const;

export const PLUGIN_ID_PATTERN = /^[a-z0-9_-]{1,64}$/;

/** Tool types an assistant already means something else by: a plugin cannot take their name. */
export const RESERVED_PLUGIN_IDS: readonly string[] = [...OPENAI_TOOL_TYPES, ...BUILTIN_EXTENSION_TOOL_TYPES, "mcp"];

export const pluginIdSchema = z
  .string()
  .regex(PLUGIN_ID_PATTERN, "must be 1-64 characters of a-z, 0-9, underscores and dashes")
  .refine((id) => !RESERVED_PLUGIN_IDS.includes(id), { message: `must not be a built-in tool type (${RESERVED_PLUGIN_IDS.join(", ")})` });

const openapiSchema = z.union([z.string().min(1, "must not be empty"), z.record(z.string(), z.unknown())], {
  message: "must be an OpenAPI 3.0/3.1 document: a JSON object, or YAML/JSON text",
});

// Header names an HTTP client sets itself or that would carry something else than the secret.
const RESERVED_HEADER = /^(authorization|cookie|host|content-length|content-type|transfer-encoding|connection|keep-alive|upgrade|te|trailer|proxy-.*|mcp-.*)$/i;

const secretValue = z
  .string()
  .min(1, "must not be empty")
  .max(PLUGIN_LIMITS.secretChars)
  .refine((value) => !/[\r\n\0]/.test(value), { message: "must not contain line breaks or NUL" });

const headerSchema = z.strictObject({
  name: z
    .string()
    .min(1, "must not be empty")
    .max(PLUGIN_LIMITS.headerNameChars)
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name")
    .refine((name) => !RESERVED_HEADER.test(name), { message: "is set by Atelier or the HTTP client (use bearer_token for Authorization)" }),
  value: secretValue,
});

const serviceAuth = z
  .strictObject({ type: z.literal("service"), bearer_token: secretValue.optional(), header: headerSchema.optional() })
  .superRefine((auth, ctx) => {
    if ((auth.bearer_token === undefined) === (auth.header === undefined)) {
      ctx.addIssue({ code: "custom", path: ["bearer_token"], message: "give either 'bearer_token' or 'header' (a name and value)", input: auth });
    }
  });

/**
 * `none`; `service`: Atelier sends one secret with every call (a bearer token, or a header); `user`:
 * each assistant's tool carries its own `auth.user_token`, sent as a bearer token (Model Studio).
 * A masked secret sent back (`****abcd`, as the API shows it) keeps the stored one.
 */
export const pluginAuthSchema = z.discriminatedUnion("type", [z.strictObject({ type: z.literal("none") }), serviceAuth, z.strictObject({ type: z.literal("user") })], {
  message: "must be {type: 'none'}, {type: 'service', bearer_token | header} or {type: 'user'}",
});
export type PluginAuthInput = z.output<typeof pluginAuthSchema>;

const serverUrlSchema = z.string().min(1, "must not be empty").max(PLUGIN_LIMITS.urlChars);

const editable = {
  name: z.string().trim().min(1, "must not be empty").max(PLUGIN_LIMITS.nameChars),
  description: z.string().max(PLUGIN_LIMITS.descriptionChars),
  openapi: openapiSchema,
  auth: pluginAuthSchema,
  // Which operations ask a person before a run calls them (by function name); "never" by default.
  require_approval: requireApprovalSchema,
};

const BODY_MESSAGE = { message: "the request body must be a JSON object" };

const createFields = {
  id: pluginIdSchema,
  name: editable.name,
  description: editable.description.optional(),
  openapi: editable.openapi,
  // Omitted: the document's first server.
  server_url: serverUrlSchema.optional(),
  auth: editable.auth.optional(),
  require_approval: editable.require_approval.optional(),
};

const updateFields = {
  id: z.never({ message: "cannot be changed: create a plugin with the new id (assistants reference the old one)" }).optional(),
  name: editable.name.optional(),
  description: editable.description.optional(),
  openapi: editable.openapi.optional(),
  // null: back to the document's first server.
  server_url: serverUrlSchema.nullable().optional(),
  auth: editable.auth.optional(),
  require_approval: editable.require_approval.optional(),
};

// storable(): a body Postgres or Prisma cannot keep (NUL, `__proto__`, nesting past 64) is a 400 first.
export const createPluginSchema = storable(z.strictObject(createFields, BODY_MESSAGE));
export type CreatePluginInput = z.output<typeof createPluginSchema>;

export const updatePluginSchema = storable(z.strictObject(updateFields, BODY_MESSAGE));
export type UpdatePluginInput = z.output<typeof updatePluginSchema>;
