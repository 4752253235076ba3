// What the model is offered for the code interpreter (issue 23): a `python` function taking the
// code. Pure, shared by the model call, the prompt (replaying calls) and the executor.

export const CODE_INTERPRETER_TOOL_NAME = "python";

export const CODE_INTERPRETER_DESCRIPTION =
  "Run Python 3 code in a sandbox and get back what it prints (and its traceback if it fails). Variables and files persist between calls in this conversation. " +
  "Files the user shared are in /mnt/data; write files there to give them back. No network access; only the standard library may be available. Print the values you need.";

export const CODE_INTERPRETER_PARAMETERS = {
  type: "object",
  properties: { code: { type: "string", description: "The Python code to run." } },
  required: ["code"],
  additionalProperties: false,
} as const;

/** The code the model sent: `{"code": …}`; a model that sends the bare code as its arguments gets it run too. */
export function parseCode(args: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args || "{}");
  } catch {
    if (args.trim()) return args;
    throw new Error("the call has no code");
  }
  const code = (parsed as { code?: unknown })?.code;
  if (typeof code === "string" && code.trim()) return code;
  throw new Error('"code" must be a non-empty string');
}
