import { TEXT_TYPES, parseType, type AssertionSpec, type BaseType } from "@/lib/assistant-tests/assertion-types";

// The test editor's assertion rows (issue 22): every option as text the way a person types it
// (lists one per line, JSON as JSON, numbers as digits), turned into the API's assertion and back.
// Pure and client-safe; the shared schema decides what is valid once the row is an assertion.

export type AssertionRow = {
  type: BaseType;
  negate: boolean;
  /** The main value as typed: text, one item per line (-any/-all), JSON (schemas, equals of an object). */
  value: string;
  threshold: string;
  flags: string;
  /** tool-called: a partial object (JSON) the arguments must contain. */
  args: string;
  times: string;
  model: string;
  scale: "" | "0-1" | "1-5";
};

export const LIST_BASES = new Set<BaseType>(["contains-any", "icontains-any", "contains-all", "icontains-all"]);
const JSON_VALUE_BASES = new Set<BaseType>(["is-json", "contains-json"]);

export const emptyRow = (type: BaseType = "icontains"): AssertionRow => ({ type, negate: false, value: "", threshold: "", flags: "", args: "", times: "", model: "", scale: "" });

export function rowFromSpec(spec: AssertionSpec): AssertionRow {
  const parsed = parseType(spec.type) ?? { base: "contains" as BaseType, negated: false };
  const value = spec.value;
  const text =
    value === undefined || value === null
      ? ""
      : LIST_BASES.has(parsed.base) && Array.isArray(value)
        ? value.join("\n")
        : typeof value === "string"
          ? value
          : JSON.stringify(value, null, 2);
  return {
    type: parsed.base,
    negate: parsed.negated,
    value: text,
    threshold: spec.threshold === undefined ? "" : String(spec.threshold),
    flags: spec.flags ?? "",
    args: spec.arguments ? JSON.stringify(spec.arguments, null, 2) : "",
    times: spec.times === undefined ? "" : String(spec.times),
    model: spec.model ?? "",
    scale: spec.scale ?? "",
  };
}

export type RowProblem = { field: keyof AssertionRow; message: string };

function jsonOf(text: string, field: keyof AssertionRow): { ok: true; value: unknown } | { ok: false; problem: RowProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: { field, message: `is not JSON: ${(error as Error).message}` } };
  }
}

/** The assertion a row stands for, or what keeps it from being one (JSON that does not parse, a number that is not one). */
export function specFromRow(row: AssertionRow): { ok: true; spec: Record<string, unknown> } | { ok: false; problem: RowProblem } {
  const spec: Record<string, unknown> = { type: row.negate && row.type !== "tool-not-called" ? `not-${row.type}` : row.type };
  const text = row.value.trim();
  if (LIST_BASES.has(row.type)) {
    spec.value = row.value.split("\n").map((line) => line.trim()).filter(Boolean);
  } else if (JSON_VALUE_BASES.has(row.type)) {
    if (text === "response_format") spec.value = text;
    else if (text) {
      const parsed = jsonOf(text, "value");
      if (!parsed.ok) return parsed;
      spec.value = parsed.value;
    }
  } else if (row.type === "equals" && /^[[{]/.test(text)) {
    // An object or array compares as JSON (promptfoo's equals does the same); other text as text.
    const parsed = jsonOf(text, "value");
    spec.value = parsed.ok ? parsed.value : row.value;
  } else if (text) {
    // Text checks keep what was typed, spaces included; names, expressions and rubrics are trimmed.
    spec.value = (TEXT_TYPES as readonly string[]).includes(row.type) ? row.value : text;
  }
  for (const [field, key] of [
    ["threshold", "threshold"],
    ["times", "times"],
  ] as const) {
    const raw = row[field].trim();
    if (!raw) continue;
    const number = Number(raw);
    if (!Number.isFinite(number)) return { ok: false, problem: { field, message: "must be a number" } };
    spec[key] = number;
  }
  if (row.flags.trim()) spec.flags = row.flags.trim();
  if (row.model.trim()) spec.model = row.model.trim();
  if (row.scale) spec.scale = row.scale;
  if (row.args.trim()) {
    const parsed = jsonOf(row.args, "args");
    if (!parsed.ok) return parsed;
    spec.arguments = parsed.value;
  }
  return { ok: true, spec };
}

/** What each kind of assertion asks for in the editor: the value's label and which options show. */
export function rowShape(type: BaseType): { value: string | null; multiline: boolean; threshold: string | null; flags: boolean; args: boolean; times: boolean; model: boolean; scale: boolean; measures: readonly string[] | null } {
  const none = { value: null, multiline: false, threshold: null, flags: false, args: false, times: false, model: false, scale: false, measures: null };
  if (LIST_BASES.has(type)) return { ...none, value: "Values, one per line", multiline: true };
  switch (type) {
    case "regex":
      return { ...none, value: "Pattern", flags: true };
    case "is-json":
    case "contains-json":
      return { ...none, value: 'JSON Schema (optional; or "response_format")', multiline: true };
    case "jsonata":
      return { ...none, value: "JSONata expression" };
    case "equals":
      return { ...none, value: "Expected reply (text, or a JSON object or array)", multiline: true };
    case "tool-called":
      return { ...none, value: "Function (optional)", args: true, times: true };
    case "tool-not-called":
      return { ...none, value: "Function (optional: none at all)" };
    case "latency":
      return { ...none, value: "Measure", threshold: "At most (ms)", measures: ["total", "first_token"] };
    case "tokens":
      return { ...none, value: "Measure", threshold: "At most (tokens)", measures: ["total", "prompt", "completion"] };
    case "cost":
      return { ...none, threshold: "At most (in the price's currency)" };
    case "llm-rubric":
      return { ...none, value: "Rubric: what a good reply does", multiline: true, threshold: "Pass mark (optional)", model: true, scale: true };
    case "similar":
      return { ...none, value: "Expected answer", multiline: true, threshold: "Similarity at least (0–1, default 0.75)", model: true };
    default:
      return { ...none, value: "Text" };
  }
}
