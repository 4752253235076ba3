import { z } from "@/lib/zod";
import { storable } from "@/lib/storable-json";

// What valid MCP server requests are (POST /v1/mcp_servers, POST /v1/mcp_servers/{id}); the
// console's form will parse with the same schemas. Shapes follow OpenAI's Responses `mcp` tool
// (`server_label`, `server_url`, `authorization`, `headers`, `allowed_tools`, `require_approval`),
// so a server described there can be registered here as it is.

export const MCP_LIMITS = { descriptionChars: 2048, urlChars: 2048, secretChars: 4096, headers: 16, headerNameChars: 128, toolNames: 512, toolNameChars: 128 } as const;

export const SERVER_LABEL_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

// Header names the HTTP client or the MCP transport set themselves, or that would carry something
// else than the server's secret (the token goes in `authorization`).
const RESERVED_HEADER = /^(authorization|cookie|host|content-length|content-type|accept|transfer-encoding|connection|keep-alive|upgrade|te|trailer|last-event-id|proxy-.*|mcp-.*)$/i;

const secretValue = z
  .string()
  .min(1, "must not be empty")
  .max(MCP_LIMITS.secretChars)
  .refine((value) => !/[\r\n\0]/.test(value), { message: "must not contain line breaks or NUL" });

/** The token alone: a "Bearer " someone pasted with it is dropped, since Atelier adds its own. */
const authorizationSchema = secretValue.transform((value) => value.replace(/^Bearer\s+/i, "")).pipe(z.string().min(1, "must not be empty"));

const headerName = z
  .string()
  .min(1, "must not be empty")
  .max(MCP_LIMITS.headerNameChars)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name")
  .refine((name) => !RESERVED_HEADER.test(name), { message: "is set by Atelier or the HTTP client (give a bearer token as 'authorization')" });

const headersSchema = z
  .record(headerName, secretValue)
  .refine((headers) => Object.keys(headers).length <= MCP_LIMITS.headers, { message: `must have at most ${MCP_LIMITS.headers} headers` })
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const name of Object.keys(headers)) {
      if (seen.has(name.toLowerCase())) ctx.addIssue({ code: "custom", path: [name], message: "is given twice (header names ignore case)", input: name });
      seen.add(name.toLowerCase());
    }
  });

const toolName = z.string().min(1, "must not be empty").max(MCP_LIMITS.toolNameChars);

export const toolNames = z
  .array(toolName)
  .max(MCP_LIMITS.toolNames)
  .superRefine((names, ctx) => {
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: "custom", path: [index], message: `lists '${name}' twice`, input: name });
    });
  });

/**
 * `always` (the default, as OpenAI's), `never`, or per tool: the tools under `never` run without
 * asking, those under `always` (and any tool listed nowhere) ask first.
 */
export const requireApprovalSchema = z.union(
  [
    z.enum(["always", "never"]),
    z
      .strictObject({ always: z.strictObject({ tool_names: toolNames }).optional(), never: z.strictObject({ tool_names: toolNames }).optional() })
      .superRefine((value, ctx) => {
        const always = new Set(value.always?.tool_names ?? []);
        value.never?.tool_names.forEach((name, index) => {
          if (always.has(name)) ctx.addIssue({ code: "custom", path: ["never", "tool_names", index], message: `'${name}' is also under 'always'`, input: name });
        });
      }),
  ],
  { message: "must be 'always', 'never' or {always: {tool_names}, never: {tool_names}}" },
);
export type RequireApproval = z.output<typeof requireApprovalSchema>;

const editable = {
  server_url: z.string().min(1, "must not be empty").max(MCP_LIMITS.urlChars),
  description: z.string().max(MCP_LIMITS.descriptionChars),
  // null: none (on update: remove the stored one).
  authorization: authorizationSchema.nullable(),
  // The whole set: a header left out is removed; a masked value keeps that header's stored value.
  headers: headersSchema.nullable(),
  // null: every tool the server lists.
  allowed_tools: toolNames.nullable(),
  require_approval: requireApprovalSchema,
};

const BODY_MESSAGE = { message: "the request body must be a JSON object" };

export const serverLabelSchema = z.string().regex(SERVER_LABEL_PATTERN, "must be 1-64 characters of letters, digits, underscores and dashes");
const serverLabel = serverLabelSchema;

// storable(): a body Postgres or Prisma cannot keep (NUL, `__proto__`, nesting past 64) is a 400 first.
export const createMcpServerSchema = storable(
  z.strictObject(
    {
      server_label: serverLabel,
      server_url: editable.server_url,
      description: editable.description.optional(),
      authorization: editable.authorization.optional(),
      headers: editable.headers.optional(),
      allowed_tools: editable.allowed_tools.optional(),
      require_approval: editable.require_approval.optional(),
    },
    BODY_MESSAGE,
  ),
);
export type CreateMcpServerInput = z.output<typeof createMcpServerSchema>;

// The label may change (assistants that use the old one stop finding it, as with a renamed file).
export const updateMcpServerSchema = storable(
  z.strictObject(
    {
      server_label: serverLabel.optional(),
      server_url: editable.server_url.optional(),
      description: editable.description.optional(),
      authorization: editable.authorization.optional(),
      headers: editable.headers.optional(),
      allowed_tools: editable.allowed_tools.optional(),
      require_approval: editable.require_approval.optional(),
    },
    BODY_MESSAGE,
  ),
);
export type UpdateMcpServerInput = z.output<typeof updateMcpServerSchema>;
