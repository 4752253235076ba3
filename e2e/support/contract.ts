import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

// Checks API responses against the OpenAI contracts (e2e/contracts, vendored): Assistants v2, and
// Files + Vector Stores. Both YAML files are loaded, merged (the components both declare, such as
// ErrorResponse, must be identical) and compiled once per process. The contracts are OpenAPI "3.1"
// that still uses 3.0's `nullable: true`, so schemas are converted before ajv (draft 2020-12) sees them:
//   - `nullable: true` → `anyOf: [<schema>, { type: "null" }]` (also for an `allOf` with a nullable member);
//   - `x-*` vendor keywords are dropped (ajv ignores unknown keywords with strict: false anyway);
//   - `format: unixtime` is an integer of seconds.
// `#/components/schemas/...` refs resolve because the components are added as one schema with an $id.

const CONTRACTS_DIR = path.resolve(process.cwd(), "e2e", "contracts");
const CONTRACT_PATHS = [
  process.env.ATELIER_CONTRACT_PATH ?? path.join(CONTRACTS_DIR, "openai-assistants-v2.openapi.yaml"),
  process.env.ATELIER_FILES_CONTRACT_PATH ?? path.join(CONTRACTS_DIR, "openai-files-vector-stores.openapi.yaml"),
];
const CONTRACT_ID = "https://contracts.atelier.local/openai-assistants-v2.json";

/** The tool types the contract's `tools[].oneOf` knows. Other types are Atelier extensions. */
export const CONTRACT_TOOL_TYPES: readonly string[] = ["code_interpreter", "file_search", "function"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };
type Operation = { operationId?: string; responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: SchemaNode }> }> };

// Keywords whose value is one schema, a list of schemas, or a map of name → schema. Everything else
// (enum, default, example, const, required, ...) is data and copied untouched.
const SCHEMA_KEYWORDS = new Set([
  "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
  "unevaluatedItems", "unevaluatedProperties", "additionalItems",
]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function isObject(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** OpenAPI schema → JSON Schema 2020-12 as described above. */
export function convertSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!isObject(node)) return node;
  const out: SchemaNode = {};
  let nullable = node.nullable === true;
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key.startsWith("x-")) continue;
    if (SCHEMA_KEYWORDS.has(key)) out[key] = convertSchema(value);
    else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map(convertSchema);
      // `allOf: [{ $ref: X }, { nullable: true }]` (the contract's way to make a ref nullable)
      // means "X or null"; the null branch must sit outside the allOf to have any effect.
      if (key === "allOf" && value.some((member) => isObject(member) && member.nullable === true)) nullable = true;
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, convertSchema(schema)]));
    } else out[key] = value;
  }
  return nullable ? { anyOf: [out, { type: "null" }] } : out;
}

type Contract = {
  ajv: Ajv2020;
  operations: Map<string, Operation>;
  /** [method, path template as a regex, operationId], e.g. GET ^/assistants/[^/]+$ getAssistant. */
  routes: Array<[string, RegExp, string]>;
  responses: Record<string, { content?: Record<string, { schema?: SchemaNode }> }>;
  validators: Map<string, ValidateFunction>;
  schemaNames: Set<string>;
  /** Each component schema's `required` list, as the contract states it. */
  required: Map<string, string[]>;
};

let loaded: Contract | undefined;

// The list responses' empty-page variant (see emptyPageVariant) is stored under this suffix.
const EMPTY_PAGE_SUFFIX = "__EmptyPage";

/**
 * Documented deviation, the only one: the contract types a list's `first_id`/`last_id` as string,
 * but on an EMPTY page there is no first or last object, and OpenAI's real API returns `null` for
 * both. So for each list response schema we add a variant used only when `data` is empty, which
 * requires `data: []` and `first_id`/`last_id` null (a string there would point at nothing).
 */
function emptyPageVariant(schema: SchemaNode): SchemaNode {
  const properties = schema.properties as SchemaNode;
  return {
    ...schema,
    properties: { ...properties, data: { type: "array", maxItems: 0 }, first_id: { type: "null" }, last_id: { type: "null" } },
  };
}

/**
 * Documented extension of a contract object (issue 24): a run may wait for a person to approve the
 * plugin or MCP calls Atelier would run (`required_action.type: "submit_tool_approvals"`), beside
 * OpenAI's `submit_tool_outputs`. The contract's shape stays one of the two, and clients that only
 * know it never meet the other unless an assistant has tools that ask for approval.
 */
function withApprovalsAction(document: { components: { schemas: Record<string, Json> } }): void {
  const run = document.components.schemas.RunObject as SchemaNode;
  const properties = run.properties as SchemaNode;
  const outputs = properties.required_action as SchemaNode;
  const approvals = {
    type: "object",
    required: ["type", "submit_tool_approvals"],
    properties: {
      type: { type: "string", enum: ["submit_tool_approvals"] },
      submit_tool_approvals: {
        type: "object",
        required: ["tool_calls"],
        properties: {
          tool_calls: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "type", "function", "server_tool"],
              properties: {
                id: { type: "string" },
                type: { type: "string", enum: ["function"] },
                function: { type: "object", required: ["name", "arguments"], properties: { name: { type: "string" }, arguments: { type: "string" } } },
                server_tool: { type: "object", required: ["type"], properties: { type: { type: "string", enum: ["plugin", "mcp"] } } },
              },
            },
          },
        },
      },
    },
  };
  const { nullable, description, ...shape } = outputs;
  void nullable; // said by the third branch
  properties.required_action = { description: description ?? null, anyOf: [shape, approvals, { type: "null" }] } as Json;
}

function isListSchema(schema: Json): schema is SchemaNode {
  return isObject(schema) && isObject(schema.properties) && ["data", "first_id", "last_id", "has_more"].every((key) => key in (schema.properties as SchemaNode));
}

const listOf = (item: string): Json => ({
  type: "object",
  properties: {
    object: { type: "string", enum: ["list"] },
    data: { type: "array", items: { $ref: `#/components/schemas/${item}` } },
    first_id: { type: "string" },
    last_id: { type: "string" },
    has_more: { type: "boolean" },
  },
  required: ["object", "data", "first_id", "last_id", "has_more"],
});

/**
 * Atelier's own endpoints (documented in the README as extensions), held to schemas written in the
 * contract's style from the contract's own objects, so they are checked like OpenAI's.
 */
const VERSION_SCHEMA = {
  type: "object",
  required: ["object", "assistant_id", "version", "created_at", "created_by", "source", "note", "labels", "assistant"],
  properties: {
    object: { type: "string", enum: ["assistant.version"] },
    assistant_id: { type: "string" },
    version: { type: "integer", minimum: 1 },
    created_at: { type: "integer" },
    created_by: { type: "string" },
    source: { type: "string", enum: ["console", "api"] },
    note: { type: "string", nullable: true },
    labels: { type: "array", items: { type: "string" } },
    assistant: { $ref: "#/components/schemas/AssistantObject" },
  },
};
const versionPath = "/assistants/{assistant_id}/versions";

const ASSERTION_SCHEMA = { type: "object", required: ["type"], properties: { type: { type: "string" }, threshold: { type: "number" } } };
const TEST_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "object", "created_at", "updated_at", "assistant_id", "name", "tags", "turns", "mock_outputs", "assertions"],
  properties: {
    id: { type: "string" },
    object: { type: "string", enum: ["assistant.test"] },
    created_at: { type: "integer" },
    updated_at: { type: "integer" },
    assistant_id: { type: "string" },
    name: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    turns: {
      type: "array",
      minItems: 1,
      items: { type: "object", required: ["role", "content"], properties: { role: { type: "string", enum: ["user"] }, content: { type: "string" }, assertions: { type: "array", items: ASSERTION_SCHEMA } } },
    },
    mock_outputs: { type: "object", nullable: true },
    assertions: { type: "array", items: ASSERTION_SCHEMA },
  },
};
const testPath = "/assistants/{assistant_id}/tests";

const OUTCOME_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["type", "pass", "score", "reason"],
  properties: { type: { type: "string" }, pass: { type: "boolean" }, score: { type: "number" }, reason: { type: "string" }, errored: { type: "boolean" }, details: { type: "object" } },
};
const TOTALS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["passed", "failed", "errored", "cancelled", "pending", "total"],
  properties: Object.fromEntries(["passed", "failed", "errored", "cancelled", "pending", "total"].map((key) => [key, { type: "integer", minimum: 0 }])),
};
const TEST_RUN_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "object", "created_at", "assistant_id", "version", "assistant_version", "overrides", "repeat", "concurrency", "judge_model", "trigger", "created_by", "status", "started_at", "completed_at", "cancelled_at", "failed_at", "last_error", "totals", "pass_rate", "tests", "previous_test_run_id", "regressions"],
  properties: {
    id: { type: "string" },
    object: { type: "string", enum: ["assistant.test_run"] },
    created_at: { type: "integer" },
    assistant_id: { type: "string" },
    version: { oneOf: [{ type: "integer" }, { type: "string" }], nullable: true },
    assistant_version: { type: "integer", minimum: 1 },
    overrides: { type: "object", nullable: true },
    repeat: { type: "integer", minimum: 1 },
    concurrency: { type: "integer", nullable: true },
    judge_model: { type: "string", nullable: true },
    trigger: { type: "string", enum: ["api", "console", "on_save"] },
    created_by: { type: "string" },
    status: { type: "string", enum: ["queued", "in_progress", "completed", "cancelled", "failed"] },
    started_at: { type: "integer", nullable: true },
    completed_at: { type: "integer", nullable: true },
    cancelled_at: { type: "integer", nullable: true },
    failed_at: { type: "integer", nullable: true },
    last_error: { type: "object", nullable: true, required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
    totals: TOTALS_SCHEMA,
    pass_rate: { type: "number", minimum: 0, maximum: 1, nullable: true },
    tests: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["test_id", "test_name", "attempts", "passed", "pass_rate", "flaky", "status"],
        properties: {
          test_id: { type: "string" },
          test_name: { type: "string" },
          attempts: { type: "integer" },
          passed: { type: "integer" },
          pass_rate: { type: "number", nullable: true },
          flaky: { type: "boolean" },
          status: { type: "string", enum: ["passed", "failed", "errored", "pending"] },
        },
      },
    },
    previous_test_run_id: { type: "string", nullable: true },
    regressions: {
      type: "object",
      nullable: true,
      additionalProperties: false,
      required: ["broke", "fixed", "pass_rate_change"],
      properties: { broke: { type: "array", items: { type: "string" } }, fixed: { type: "array", items: { type: "string" } }, pass_rate_change: { type: "number", nullable: true } },
    },
  },
};
const TEST_RESULT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["id", "object", "created_at", "test_run_id", "test_id", "test_name", "attempt", "status", "thread_id", "turns", "assertions", "usage", "latency_ms", "error", "started_at", "ended_at"],
  properties: {
    id: { type: "string" },
    object: { type: "string", enum: ["assistant.test_result"] },
    created_at: { type: "integer" },
    test_run_id: { type: "string" },
    test_id: { type: "string" },
    test_name: { type: "string" },
    attempt: { type: "integer", minimum: 1 },
    status: { type: "string", enum: ["queued", "running", "passed", "failed", "errored", "cancelled"] },
    thread_id: { type: "string", nullable: true },
    turns: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["content", "run_id", "reply", "outcomes"],
        properties: { content: { type: "string" }, run_id: { type: "string", nullable: true }, reply: { type: "string", nullable: true }, outcomes: { type: "array", items: OUTCOME_SCHEMA } },
      },
    },
    assertions: { type: "array", items: OUTCOME_SCHEMA },
    usage: { $ref: "#/components/schemas/RunCompletionUsage" },
    latency_ms: { type: "integer", nullable: true },
    error: { type: "string", nullable: true },
    started_at: { type: "integer", nullable: true },
    ended_at: { type: "integer", nullable: true },
  },
};
const testRunPath = "/assistants/{assistant_id}/test_runs";

// Plugins (issue 24): the registry's objects. `auth` shows secrets masked (`****abcd`).
const TOOL_NAMES_SCHEMA = { type: "object", required: ["tool_names"], properties: { tool_names: { type: "array", items: { type: "string" } } } };
/** `require_approval` of MCP servers and plugins: OpenAI's shape. */
const APPROVAL_SCHEMA = {
  oneOf: [{ type: "string", enum: ["always", "never"] }, { type: "object", properties: { always: TOOL_NAMES_SCHEMA, never: TOOL_NAMES_SCHEMA } }] as Json[],
};
const PLUGIN_SCHEMA = {
  type: "object",
  required: ["object", "id", "name", "description", "openapi", "server_url", "auth", "require_approval", "created_at", "updated_at"],
  properties: {
    object: { type: "string", enum: ["plugin"] },
    id: { type: "string", pattern: "^[a-z0-9_-]{1,64}$" },
    name: { type: "string" },
    description: { type: "string" },
    openapi: { type: "object" },
    server_url: { type: "string" },
    require_approval: APPROVAL_SCHEMA,
    auth: {
      type: "object",
      required: ["type"],
      properties: {
        type: { type: "string", enum: ["none", "service", "user"] },
        bearer_token: { type: "string", pattern: "^\\*{4}" },
        header: { type: "object", required: ["name", "value"], properties: { name: { type: "string" }, value: { type: "string", pattern: "^\\*{4}" } } },
      },
    },
    created_at: { type: "integer" },
    updated_at: { type: "integer" },
  },
};
const PLUGIN_OPERATION_SCHEMA = {
  type: "object",
  required: ["object", "name", "method", "path", "operation_id", "description", "parameters", "unsupported", "require_approval", "strict_problems"],
  properties: {
    object: { type: "string", enum: ["plugin.operation"] },
    name: { type: "string", pattern: "^[a-zA-Z0-9_-]{1,64}$" },
    method: { type: "string", enum: ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"] },
    path: { type: "string" },
    operation_id: { type: "string", nullable: true },
    description: { type: "string" },
    parameters: { type: "object" },
    unsupported: { type: "string", nullable: true },
    require_approval: { type: "boolean" },
    strict_problems: {
      type: "array",
      items: { type: "object", required: ["rule", "path", "message"], properties: { rule: { type: "string" }, path: { type: "array" }, message: { type: "string" } } },
    },
  },
};
const pluginPath = "/plugins/{plugin_id}";

// MCP servers (issue 24): `authorization` and header values show masked (`****abcd`).
const MCP_SERVER_SCHEMA = {
  type: "object",
  required: ["object", "id", "server_label", "server_url", "description", "authorization", "headers", "allowed_tools", "require_approval", "created_at", "updated_at"],
  properties: {
    object: { type: "string", enum: ["mcp_server"] },
    id: { type: "string", pattern: "^mcp_[0-9A-Za-z]{24}$" },
    server_label: { type: "string", pattern: "^[a-zA-Z0-9_-]{1,64}$" },
    server_url: { type: "string" },
    description: { type: "string" },
    authorization: { type: "string", nullable: true, pattern: "^\\*{4}" },
    headers: { type: "object", nullable: true, additionalProperties: { type: "string", pattern: "^\\*{4}" } },
    allowed_tools: { type: "array", nullable: true, items: { type: "string" } },
    require_approval: APPROVAL_SCHEMA,
    created_at: { type: "integer" },
    updated_at: { type: "integer" },
  },
};
const MCP_TOOL_SCHEMA = {
  type: "object",
  required: ["object", "name", "title", "description", "input_schema", "annotations", "allowed", "require_approval", "strict_problems"],
  properties: {
    object: { type: "string", enum: ["mcp_server.tool"] },
    name: { type: "string" },
    title: { type: "string", nullable: true },
    description: { type: "string", nullable: true },
    input_schema: { type: "object" },
    annotations: { type: "object", nullable: true },
    allowed: { type: "boolean" },
    require_approval: { type: "boolean" },
    strict_problems: PLUGIN_OPERATION_SCHEMA.properties.strict_problems,
  },
};
const mcpPath = "/mcp_servers/{mcp_server_id}";

/** `items`: schemas only a list of this operation names (its objects are not answered alone). */
const EXTENSIONS: { method: string; path: string; operationId: string; schemaName: string; schema: Json; items?: Record<string, Json> }[] = [
  // Versions and labels (issue 21): an assistant.version holds the assistant as the contract's AssistantObject.
  { method: "get", path: versionPath, operationId: "atelierListAssistantVersions", schemaName: "AtelierListAssistantVersionsResponse", schema: listOf("AtelierAssistantVersion") },
  { method: "get", path: `${versionPath}/{version}`, operationId: "atelierGetAssistantVersion", schemaName: "AtelierAssistantVersion", schema: VERSION_SCHEMA },
  { method: "post", path: `${versionPath}/{version}/restore`, operationId: "atelierRestoreAssistantVersion", schemaName: "AssistantObject", schema: null },
  { method: "post", path: "/assistants/{assistant_id}/labels", operationId: "atelierSetAssistantLabel", schemaName: "AtelierAssistantVersion", schema: VERSION_SCHEMA },
  {
    method: "delete",
    path: "/assistants/{assistant_id}/labels/{label}",
    operationId: "atelierDeleteAssistantLabel",
    schemaName: "AtelierDeleteAssistantLabelResponse",
    schema: {
      type: "object",
      required: ["object", "assistant_id", "label", "deleted"],
      properties: { object: { type: "string", enum: ["assistant.label.deleted"] }, assistant_id: { type: "string" }, label: { type: "string" }, deleted: { type: "boolean" } },
    },
  },
  // Test cases (issue 22).
  { method: "get", path: testPath, operationId: "atelierListAssistantTests", schemaName: "AtelierListAssistantTestsResponse", schema: listOf("AtelierAssistantTest") },
  { method: "post", path: testPath, operationId: "atelierCreateAssistantTest", schemaName: "AtelierAssistantTest", schema: TEST_SCHEMA },
  { method: "get", path: `${testPath}/{test_id}`, operationId: "atelierGetAssistantTest", schemaName: "AtelierAssistantTest", schema: TEST_SCHEMA },
  { method: "post", path: `${testPath}/{test_id}`, operationId: "atelierModifyAssistantTest", schemaName: "AtelierAssistantTest", schema: TEST_SCHEMA },
  {
    method: "delete",
    path: `${testPath}/{test_id}`,
    operationId: "atelierDeleteAssistantTest",
    schemaName: "AtelierDeleteAssistantTestResponse",
    schema: { type: "object", required: ["id", "object", "deleted"], properties: { id: { type: "string" }, object: { type: "string", enum: ["assistant.test.deleted"] }, deleted: { type: "boolean" } } },
  },
  // Test runs (issue 22).
  { method: "get", path: testRunPath, operationId: "atelierListAssistantTestRuns", schemaName: "AtelierListAssistantTestRunsResponse", schema: listOf("AtelierAssistantTestRun") },
  { method: "post", path: testRunPath, operationId: "atelierCreateAssistantTestRun", schemaName: "AtelierAssistantTestRun", schema: TEST_RUN_SCHEMA },
  { method: "get", path: `${testRunPath}/{test_run_id}`, operationId: "atelierGetAssistantTestRun", schemaName: "AtelierAssistantTestRun", schema: TEST_RUN_SCHEMA },
  { method: "post", path: `${testRunPath}/{test_run_id}/cancel`, operationId: "atelierCancelAssistantTestRun", schemaName: "AtelierAssistantTestRun", schema: TEST_RUN_SCHEMA },
  { method: "get", path: `${testRunPath}/{test_run_id}/results`, operationId: "atelierListAssistantTestResults", schemaName: "AtelierListAssistantTestResultsResponse", schema: listOf("AtelierAssistantTestResult"), items: { AtelierAssistantTestResult: TEST_RESULT_SCHEMA } },
  // Plugins (issue 24).
  { method: "get", path: "/plugins", operationId: "atelierListPlugins", schemaName: "AtelierListPluginsResponse", schema: listOf("AtelierPlugin") },
  { method: "post", path: "/plugins", operationId: "atelierCreatePlugin", schemaName: "AtelierPlugin", schema: PLUGIN_SCHEMA },
  { method: "get", path: pluginPath, operationId: "atelierGetPlugin", schemaName: "AtelierPlugin", schema: PLUGIN_SCHEMA },
  { method: "post", path: pluginPath, operationId: "atelierModifyPlugin", schemaName: "AtelierPlugin", schema: PLUGIN_SCHEMA },
  {
    method: "delete",
    path: pluginPath,
    operationId: "atelierDeletePlugin",
    schemaName: "AtelierDeletePluginResponse",
    schema: { type: "object", required: ["id", "object", "deleted"], properties: { id: { type: "string" }, object: { type: "string", enum: ["plugin.deleted"] }, deleted: { type: "boolean" } } },
  },
  { method: "get", path: `${pluginPath}/operations`, operationId: "atelierListPluginOperations", schemaName: "AtelierListPluginOperationsResponse", schema: listOf("AtelierPluginOperation"), items: { AtelierPluginOperation: PLUGIN_OPERATION_SCHEMA } },
  // MCP servers (issue 24).
  { method: "get", path: "/mcp_servers", operationId: "atelierListMcpServers", schemaName: "AtelierListMcpServersResponse", schema: listOf("AtelierMcpServer") },
  { method: "post", path: "/mcp_servers", operationId: "atelierCreateMcpServer", schemaName: "AtelierMcpServer", schema: MCP_SERVER_SCHEMA },
  { method: "get", path: mcpPath, operationId: "atelierGetMcpServer", schemaName: "AtelierMcpServer", schema: MCP_SERVER_SCHEMA },
  { method: "post", path: mcpPath, operationId: "atelierModifyMcpServer", schemaName: "AtelierMcpServer", schema: MCP_SERVER_SCHEMA },
  {
    method: "delete",
    path: mcpPath,
    operationId: "atelierDeleteMcpServer",
    schemaName: "AtelierDeleteMcpServerResponse",
    schema: { type: "object", required: ["id", "object", "deleted"], properties: { id: { type: "string" }, object: { type: "string", enum: ["mcp_server.deleted"] }, deleted: { type: "boolean" } } },
  },
  { method: "get", path: `${mcpPath}/tools`, operationId: "atelierListMcpServerTools", schemaName: "AtelierListMcpServerToolsResponse", schema: listOf("AtelierMcpServerTool"), items: { AtelierMcpServerTool: MCP_TOOL_SCHEMA } },
  // Approvals of plugin and MCP calls (issue 24): answers the run, as submit_tool_outputs does.
  { method: "post", path: "/threads/{thread_id}/runs/{run_id}/submit_tool_approvals", operationId: "atelierSubmitToolApprovals", schemaName: "RunObject", schema: null },
  { method: "get", path: "/threads", operationId: "atelierListThreads", schemaName: "AtelierListThreadsResponse", schema: listOf("ThreadObject") },
  {
    // OpenAI's own GET /models (outside the Assistants contract): {object: "list", data: [Model]}.
    method: "get",
    path: "/models",
    operationId: "atelierListModels",
    schemaName: "AtelierListModelsResponse",
    schema: {
      type: "object",
      required: ["object", "data"],
      properties: {
        object: { type: "string", enum: ["list"] },
        data: {
          type: "array",
          items: {
            type: "object",
            // `provider` is Atelier's: who serves the model (`openai` for the default provider, else the id's prefix).
            required: ["id", "object", "created", "owned_by", "provider"],
            properties: { id: { type: "string" }, object: { type: "string", enum: ["model"] }, created: { type: "integer" }, owned_by: { type: "string" }, provider: { type: "string" } },
          },
        },
      },
    },
  },
];

type ContractDocument = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; responses?: Contract["responses"] };
};

/** One document from several: a path or component both declare must be declared the same. */
export function mergeContracts(documents: ContractDocument[]): ContractDocument {
  const merged: ContractDocument = { paths: {}, components: { schemas: {}, responses: {} } };
  const add = <T>(into: Record<string, T>, from: Record<string, T> | undefined, what: string) => {
    for (const [name, value] of Object.entries(from ?? {})) {
      if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value)) throw new Error(`The contracts declare ${what} '${name}' differently`);
      into[name] = value;
    }
  };
  for (const document of documents) {
    add(merged.paths, document.paths, "the path");
    add(merged.components.schemas, document.components.schemas, "the schema");
    add(merged.components.responses!, document.components.responses, "the response");
  }
  return merged;
}

function load(): Contract {
  if (loaded) return loaded;
  const document = mergeContracts(CONTRACT_PATHS.map((file) => parse(readFileSync(file, "utf8")) as ContractDocument));
  withApprovalsAction(document);
  for (const extension of EXTENSIONS) {
    // A null schema: the response is one of the contract's own (restore answers an AssistantObject).
    if (extension.schema !== null) document.components.schemas[extension.schemaName] = extension.schema;
    for (const [name, schema] of Object.entries(extension.items ?? {})) document.components.schemas[name] = schema;
    const ref = { $ref: `#/components/schemas/${extension.schemaName}` };
    document.paths[extension.path] = {
      ...document.paths[extension.path],
      [extension.method]: { operationId: extension.operationId, responses: { "200": { content: { "application/json": { schema: ref } } } } },
    };
  }
  const schemas: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    schemas[name] = convertSchema(schema);
    if (isListSchema(schema)) schemas[`${name}${EMPTY_PAGE_SUFFIX}`] = emptyPageVariant(schemas[name] as SchemaNode);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("unixtime", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= 0 });
  ajv.addSchema({ $id: CONTRACT_ID, components: { schemas } });

  const operations = new Map<string, Operation>();
  const routes: Contract["routes"] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || typeof operation.operationId !== "string") continue;
      operations.set(operation.operationId, operation);
      routes.push([method.toUpperCase(), pattern, operation.operationId]);
    }
  }
  const required = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (isObject(schema) && Array.isArray(schema.required)) required.set(name, schema.required.map(String));
  }
  loaded = { ajv, operations, routes, responses: document.components.responses ?? {}, validators: new Map(), schemaNames: new Set(Object.keys(schemas)), required };
  return loaded;
}

function validatorFor(contract: Contract, schemaName: string): ValidateFunction {
  let validate = contract.validators.get(schemaName);
  if (!validate) {
    validate = contract.ajv.compile({ $ref: `${CONTRACT_ID}#/components/schemas/${schemaName}` });
    contract.validators.set(schemaName, validate);
  }
  return validate;
}

/** The fields a component schema (e.g. "RunObject") requires, as the contract lists them. */
export function requiredFields(schemaName: string): string[] {
  const fields = load().required.get(schemaName);
  if (!fields) throw new Error(`The contract's ${schemaName} has no required list`);
  return fields;
}

/** The component schema name a (operationId, status) response is declared with. */
export function responseSchemaName(operationId: string, status: number): string {
  const contract = load();
  const operation = contract.operations.get(operationId);
  if (!operation) throw new Error(`The contract has no operation '${operationId}'`);
  let response = operation.responses?.[String(status)];
  if (response?.$ref) response = contract.responses[response.$ref.replace("#/components/responses/", "")];
  const ref = response?.content?.["application/json"]?.schema?.$ref;
  if (typeof ref === "string") return ref.replace("#/components/schemas/", "");
  // The contract declares only 200 and 429; every error status answers in OpenAI's error shape.
  if (status >= 400) return "ErrorResponse";
  throw new Error(`The contract declares no JSON ${status} response for '${operationId}'`);
}

/**
 * Extension tool types (Model Studio plugins and built-ins such as search, web_search and
 * text_to_image, Project David's computer) do not match the contract's `tools[].oneOf`
 * (code_interpreter | file_search | function). Responses carrying them are validated with those
 * tools removed, so the rest of the object is still held to the contract; the tests check the
 * extension tools themselves.
 */
function withoutExtensionTools(body: unknown): unknown {
  const strip = (value: unknown): unknown => {
    // An assistant.version holds its assistant one level down.
    if (isObject(value) && value.object === "assistant.version" && isObject(value.assistant)) return { ...value, assistant: strip(value.assistant) as Json };
    if (!isObject(value) || !Array.isArray(value.tools)) return value;
    return { ...value, tools: value.tools.filter((tool) => !isObject(tool) || CONTRACT_TOOL_TYPES.includes(String(tool.type))) };
  };
  if (!isObject(body)) return body;
  const stripped = strip(body) as SchemaNode;
  return Array.isArray(stripped.data) ? { ...stripped, data: stripped.data.map(strip) as Json[] } : stripped;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || "(root)";
  const params = Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : "";
  return `${where} ${error.message ?? "is invalid"}${params} [schema ${error.schemaPath}]`;
}

/** The operationId for a request, by method and path relative to the API root (`/assistants/asst_1`); null when the contract has none. */
export function operationIdFor(method: string, apiPath: string): string | null {
  const pathname = apiPath.split("?")[0]!.replace(/\/+$/, "");
  const route = load().routes.find(([m, pattern]) => m === method.toUpperCase() && pattern.test(pathname));
  return route?.[2] ?? null;
}

/** Problems of `body` against one component schema (e.g. "ErrorResponse"); empty when it matches. */
export function schemaProblems(schemaName: string, body: unknown): string[] {
  const validate = validatorFor(load(), schemaName);
  return validate(withoutExtensionTools(body)) ? [] : (validate.errors ?? []).map(describeError);
}

/** Problems of `body` as the (operationId, status) response; empty when it matches. */
export function contractProblems(operationId: string, status: number, body: unknown): string[] {
  const contract = load();
  let schemaName = responseSchemaName(operationId, status);
  const candidate = withoutExtensionTools(body);
  if (isObject(candidate) && Array.isArray(candidate.data) && candidate.data.length === 0 && contract.schemaNames.has(`${schemaName}${EMPTY_PAGE_SUFFIX}`)) {
    schemaName = `${schemaName}${EMPTY_PAGE_SUFFIX}`; // see emptyPageVariant
  }
  const validate = validatorFor(contract, schemaName);
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map(describeError);
}

/** Throws a readable error unless `body` matches the contract's (operationId, status) response. */
export function expectMatchesContract(operationId: string, status: number, body: unknown): void {
  const problems = contractProblems(operationId, status, body);
  if (problems.length === 0) return;
  const shown = JSON.stringify(body, null, 2);
  throw new Error(
    `Response does not match the contract for ${operationId} ${status} (${responseSchemaName(operationId, status)}):\n` +
      problems.map((problem) => `  - ${problem}`).join("\n") +
      `\nbody: ${shown.length > 4000 ? `${shown.slice(0, 4000)}…` : shown}`,
  );
}

/** Throws a readable error unless `body` matches the named component schema. */
export function expectMatchesSchema(schemaName: string, body: unknown): void {
  const problems = schemaProblems(schemaName, body);
  if (problems.length === 0) return;
  throw new Error(
    `Response does not match the contract's ${schemaName}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nbody: ${JSON.stringify(body, null, 2).slice(0, 4000)}`,
  );
}
