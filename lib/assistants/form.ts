import { z } from "@/lib/zod";
import { metadataRowsSchema, metadataToRows, rowsToMetadata, type MetadataRow } from "@/lib/assistants/metadata-rows";
import { assistantCreateSchema, type AssistantCreateInput, type ResponseFormat } from "@/lib/assistants/schema";
import type { MockOutput, MockOutputs } from "@/lib/assistants/mock-outputs";
import { FUNCTION_NAME_PATTERN, type AssistantTool } from "@/lib/assistants/tools";
import type { AssistantObject } from "@/lib/assistants/wire";

// The editor's form ⇄ the API's assistant. The form holds what inputs can hold (text fields are
// strings, "" meaning unset; metadata is rows; sampling numbers are null when left to the
// provider); `assistantFormSchema` checks the rows, maps the values to the API's shape and pipes
// them through the API's own schema, so the form, the server action and the REST API accept
// exactly the same assistants. Tools and response_format are the API's objects as they are, so an
// error at `tools.0.function.name` names the same field in both.

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;

/**
 * A tool as the form holds it: the API's tool, plus a function's mock output riding along, so that
 * renaming, reordering or removing the function carries its mock (the API keys mocks by name).
 */
export type FormTool = AssistantTool & { mock_output?: MockOutput };

export type AssistantFormValues = {
  name: string;
  description: string;
  model: string;
  instructions: string;
  temperature: number | null;
  top_p: number | null;
  top_k: number | null;
  max_tokens: number | null;
  reasoning_effort: "" | (typeof REASONING_EFFORTS)[number];
  response_format: ResponseFormat;
  tools: FormTool[];
  tool_resources: { code_interpreter: { file_ids: string[] }; file_search: { vector_store_ids: string[] } };
  metadata: MetadataRow[];
  user_id: string;
  webhook_url: string;
};

export const EMPTY_FORM: AssistantFormValues = {
  name: "",
  description: "",
  model: "",
  instructions: "",
  temperature: null,
  top_p: null,
  top_k: null,
  max_tokens: null,
  reasoning_effort: "",
  response_format: "auto",
  tools: [],
  tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: [] } },
  metadata: [],
  user_id: "",
  webhook_url: "",
};

type ToolResources = { code_interpreter?: { file_ids?: string[] }; file_search?: { vector_store_ids?: string[] } };

export function toFormValues(assistant: AssistantObject): AssistantFormValues {
  const resources = assistant.tool_resources as ToolResources;
  return {
    name: assistant.name ?? "",
    description: assistant.description ?? "",
    model: assistant.model,
    instructions: assistant.instructions ?? "",
    temperature: assistant.temperature,
    top_p: assistant.top_p,
    top_k: assistant.top_k,
    max_tokens: assistant.max_tokens,
    reasoning_effort: (assistant.reasoning_effort ?? "") as AssistantFormValues["reasoning_effort"],
    response_format: assistant.response_format ?? "auto",
    tools: withMocks(assistant.tools, assistant.mock_outputs),
    tool_resources: {
      code_interpreter: { file_ids: resources.code_interpreter?.file_ids ?? [] },
      file_search: { vector_store_ids: resources.file_search?.vector_store_ids ?? [] },
    },
    metadata: metadataToRows(assistant.metadata),
    user_id: assistant.user_id ?? "",
    webhook_url: assistant.webhook_url ?? "",
  };
}

const orNull = (text: string) => (text.trim() === "" ? null : text);

function withMocks(tools: AssistantTool[], mocks: MockOutputs): FormTool[] {
  return tools.map((tool) => {
    const name = tool.type === "function" ? (tool as Extract<AssistantTool, { function: unknown }>).function.name : undefined;
    // Own keys only: a function may well be called `toString` or `constructor`.
    const mock = name !== undefined && Object.hasOwn(mocks, name) ? mocks[name] : undefined;
    if (mock) return { ...tool, mock_output: mock };
    // The editor's options field registers `file_search` even when the tool has none, adding the
    // key (undefined) to the form's values; without it in the saved values too, a form just
    // saved or loaded compared as changed ("Unsaved changes").
    return tool.type === "file_search" && !("file_search" in tool) ? { ...tool, file_search: undefined } : tool;
  });
}

/** The tools without their mocks, and the mocks keyed by function name (empty mocks are none). */
function splitMocks(tools: FormTool[]): { tools: AssistantTool[]; mock_outputs: MockOutputs } {
  const mocks = new Map<string, NonNullable<FormTool["mock_output"]>>();
  const plain = tools.map(({ mock_output, ...tool }) => {
    const name = tool.type === "function" ? (tool as { function?: { name?: unknown } }).function?.name : undefined;
    // An invalid name is reported on the function itself; its mock waits until the name is fixed.
    // Of two functions with one name (itself an error), the first one's mock is sent, which is
    // the tool mockIssuePath blames for a problem with it.
    if (mock_output && mock_output.output !== "" && typeof name === "string" && FUNCTION_NAME_PATTERN.test(name) && !mocks.has(name)) mocks.set(name, mock_output);
    return tool as AssistantTool;
  });
  // fromEntries defines own properties, so even a function named `__proto__` keeps a plain key.
  return { tools: plain, mock_outputs: Object.fromEntries(mocks) as MockOutputs };
}

/** The API body for these values: every field present, so an update sets exactly what the form shows. */
export function toApiInput(values: AssistantFormValues) {
  const resources: ToolResources = {};
  if (values.tool_resources.code_interpreter.file_ids.length) resources.code_interpreter = { file_ids: values.tool_resources.code_interpreter.file_ids };
  if (values.tool_resources.file_search.vector_store_ids.length) resources.file_search = { vector_store_ids: values.tool_resources.file_search.vector_store_ids };
  return {
    model: values.model.trim(),
    name: orNull(values.name),
    description: orNull(values.description),
    instructions: orNull(values.instructions),
    ...splitMocks(values.tools),
    tool_resources: resources,
    metadata: rowsToMetadata(values.metadata),
    temperature: values.temperature,
    top_p: values.top_p,
    top_k: values.top_k,
    max_tokens: values.max_tokens,
    reasoning_effort: values.reasoning_effort === "" ? null : values.reasoning_effort,
    response_format: values.response_format,
    user_id: orNull(values.user_id),
    webhook_url: orNull(values.webhook_url),
  };
}

// Numbers arrive from inputs as numbers or null (the form's setValueAs), never as "".
const optionalNumber = z.number({ message: "Enter a number, or clear it to use the provider's default." }).nullable();

const formShape = z.object({
  name: z.string(),
  description: z.string(),
  model: z.string().trim().min(1, "Choose or type a model."),
  instructions: z.string(),
  temperature: optionalNumber,
  top_p: optionalNumber,
  top_k: optionalNumber,
  max_tokens: optionalNumber,
  reasoning_effort: z.enum(["", ...REASONING_EFFORTS]),
  response_format: z.unknown(),
  tools: z.array(z.unknown()),
  tool_resources: z.object({
    code_interpreter: z.object({ file_ids: z.array(z.string()) }),
    file_search: z.object({ vector_store_ids: z.array(z.string()) }),
  }),
  metadata: z.array(z.object({ key: z.string(), value: z.string() })),
  user_id: z.string(),
  webhook_url: z.string(),
});

/**
 * The editor's schema: the metadata rows' rules and the API's own, all reported in one pass (issue
 * paths are the form's, see above). The API's metadata issues are dropped when the rows already
 * explain them, so each problem is reported once, on its row.
 */
export const assistantFormSchema = formShape.transform((values, ctx): AssistantCreateInput => {
  const rows = metadataRowsSchema.safeParse(values.metadata);
  for (const issue of rows.error?.issues ?? []) ctx.addIssue({ ...issue, path: ["metadata", ...issue.path] } as z.core.$ZodRawIssue);
  const input = toApiInput(values as AssistantFormValues);
  const api = assistantCreateSchema.safeParse(input);
  for (const issue of api.error?.issues ?? []) {
    const path = issue.path[0] === "mock_outputs" ? mockIssuePath(input.tools, issue.path) : issue.path;
    if (rows.success || issue.path[0] !== "metadata") ctx.addIssue({ ...issue, path } as z.core.$ZodRawIssue);
  }
  return rows.success && api.success ? api.data : (z.NEVER as never);
});

/** `mock_outputs.<name>.output` in the API is `tools.<index>.mock_output.output` in the form. */
function mockIssuePath(tools: AssistantTool[], path: PropertyKey[]): PropertyKey[] {
  const index = tools.findIndex((tool) => tool.type === "function" && (tool as { function: { name: string } }).function.name === path[1]);
  return index < 0 ? path : ["tools", index, "mock_output", ...path.slice(2)];
}

export type AssistantFormOutput = z.output<typeof assistantFormSchema>;

/** Form values for an imported create body (already checked with the API schema). */
export function fromCreateInput(input: AssistantCreateInput): AssistantFormValues {
  return toFormValues({
    id: "",
    object: "assistant",
    created_at: 0,
    name: input.name ?? null,
    description: input.description ?? null,
    model: input.model,
    instructions: input.instructions ?? null,
    tools: input.tools ?? [],
    tool_resources: (input.tool_resources ?? {}) as Record<string, unknown>,
    metadata: input.metadata ?? {},
    temperature: input.temperature ?? null,
    top_p: input.top_p ?? null,
    response_format: input.response_format ?? "auto",
    reasoning_effort: input.reasoning_effort ?? null,
    top_k: input.top_k ?? null,
    max_tokens: input.max_tokens ?? null,
    user_id: input.user_id ?? null,
    webhook_url: input.webhook_url ?? null,
    mock_outputs: input.mock_outputs ?? {},
    version: 0,
  });
}
