// What the model is offered for the code interpreter (issue 23): a `python` function taking the
// code. Pure, shared by the model call, the prompt (replaying calls) and the executor.

export const CODE_INTERPRETER_TOOL_NAME = "python";

const LIBRARIES = {
  pyodide: "Only Python's standard library is available (no numpy, pandas or matplotlib).",
  bwrap: "numpy, pandas and matplotlib may be available: a matplotlib figure you show (plt.show()) is shown to the user as an image.",
} as const;

/** What the model is told about the tool; what it can import depends on the sandbox this instance runs. */
export function codeInterpreterDescription(sandbox: keyof typeof LIBRARIES): string {
  return (
    "Run Python 3 code in a sandbox and get back what it prints (and its traceback if it fails); the value of a last bare expression is printed too. " +
    "Variables and files persist between calls in this conversation. Files the user shared are in /mnt/data. " +
    "To give the user a file, write it under /mnt/data and link it in your reply as sandbox:/mnt/data/<name>. " +
    `No network access. ${LIBRARIES[sandbox]} Print the values you need.`
  );
}

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

/**
 * The code so far in a `python` call's arguments as they stream (`{"code": "print(1)\\npri` →
 * `print(1)\npri`), so the step's input can grow as the model writes it; null until the string has
 * started or when the arguments are not of that shape. An escape cut by the stream waits for its end.
 */
export function partialCode(args: string): string | null {
  const start = /^\s*\{\s*"code"\s*:\s*"/.exec(args);
  if (!start) return null;
  let code = "";
  for (let at = start[0].length; at < args.length; at++) {
    const char = args[at]!;
    if (char === '"') return code;
    if (char !== "\\") {
      code += char;
      continue;
    }
    const next = args[at + 1];
    if (next === undefined) return code;
    if (next === "u") {
      const hex = args.slice(at + 2, at + 6);
      if (hex.length < 4) return code;
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      code += String.fromCharCode(parseInt(hex, 16));
      at += 5;
      continue;
    }
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" };
    if (!(next in simple)) return null;
    code += simple[next];
    at += 1;
  }
  return code;
}
