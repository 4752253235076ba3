import { z } from "@/lib/zod";
import { FUNCTION_NAME_PATTERN, type AssistantTool, type FunctionTool } from "@/lib/assistants/tools";

// Atelier extension `mock_outputs`: a canned output per function tool, keyed by function name,
// that the playground offers when the model calls that function. A tool output is a string on the
// wire (submit_tool_outputs), so a mock is one too; `format: "json"` promises it parses as JSON,
// which the editor checks and pretty-prints.

export const MOCK_OUTPUT_MAX_LENGTH = 32_768;

export type MockOutput = { format: "text" | "json"; output: string };
export type MockOutputs = Record<string, MockOutput>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const mockOutputSchema = z
  .strictObject({
    format: z.enum(["text", "json"]),
    output: z.string().max(MOCK_OUTPUT_MAX_LENGTH, `at most ${MOCK_OUTPUT_MAX_LENGTH} characters`),
  })
  .superRefine((mock, ctx) => {
    if (mock.format !== "json") return;
    try {
      JSON.parse(mock.output);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["output"], message: `is not valid JSON (${(error as Error).message})` });
    }
  });

/** Keys are function names; whether such a function exists is checked against the tools (below). */
export const mockOutputsSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { message: "must be an object mapping function names to {format, output}" })
  .transform((mocks, ctx): MockOutputs => {
    const out: MockOutputs = {};
    for (const [name, value] of Object.entries(mocks)) {
      if (!FUNCTION_NAME_PATTERN.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: "must be the name of a function tool of this assistant" });
        continue;
      }
      const parsed = mockOutputSchema.safeParse(value);
      if (parsed.success) out[name] = parsed.data;
      else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [name, ...issue.path] } as z.core.$ZodRawIssue);
    }
    return out;
  });

export function functionNames(tools: readonly AssistantTool[]): Set<string> {
  return new Set(tools.filter((tool): tool is FunctionTool => tool.type === "function").map((tool) => tool.function.name));
}

/** Mock keys that name no function tool in `tools`. */
export function orphanMockNames(mocks: MockOutputs, tools: readonly AssistantTool[]): string[] {
  const names = functionNames(tools);
  return Object.keys(mocks).filter((name) => !names.has(name));
}

export const orphanMockMessage = (name: string) =>
  `there is no function tool named '${name}' in this assistant (mock outputs are keyed by function name)`;

/** The mocks whose function still exists: a tools update that drops a function drops its mock. */
export function pruneMockOutputs(mocks: MockOutputs, tools: readonly AssistantTool[]): MockOutputs {
  const names = functionNames(tools);
  return Object.fromEntries(Object.entries(mocks).filter(([name]) => names.has(name)));
}
