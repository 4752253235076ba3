import jsonata from "jsonata";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { z } from "@/lib/zod";

// What an assistant test can assert about a turn's reply and run (issue 22). Names and behaviour
// follow promptfoo's assertions (https://promptfoo.dev/docs/configuration/expected-outputs/): the
// same `type` names, `value`, `threshold`, and a `not-` prefix that inverts any of them; Atelier
// adds `tool-called`/`tool-not-called` for functions, `jsonata` for structure and `tokens`.
// One schema for the console's editor, the API and the runner. Client-safe: a JSON Schema is
// checked against the meta-schema by precompiled validators here, and compiled to check replies on
// the server only (Ajv generates code, which the console's CSP forbids).

export const TEXT_TYPES = ["contains", "icontains", "contains-any", "icontains-any", "contains-all", "icontains-all", "equals", "starts-with", "regex"] as const;
export const STRUCTURE_TYPES = ["is-json", "contains-json", "jsonata"] as const;
export const TOOL_TYPES = ["tool-called", "tool-not-called"] as const;
export const BUDGET_TYPES = ["latency", "tokens", "cost"] as const;
export const JUDGED_TYPES = ["llm-rubric", "similar"] as const;

export const BASE_TYPES = [...TEXT_TYPES, ...STRUCTURE_TYPES, ...TOOL_TYPES, ...BUDGET_TYPES, ...JUDGED_TYPES] as const;
export type BaseType = (typeof BASE_TYPES)[number];

/** `not-contains` → { base: "contains", negated: true }; null for a name that is not an assertion. */
export function parseType(type: string): { base: BaseType; negated: boolean } | null {
  const negated = type.startsWith("not-");
  const base = (negated ? type.slice(4) : type) as BaseType;
  if (!(BASE_TYPES as readonly string[]).includes(base)) return null;
  // `tool-not-called` is already a negation; `not-tool-not-called` would be `tool-called`.
  if (negated && base === "tool-not-called") return null;
  return { base, negated };
}

const LIST_TYPES = new Set<string>(["contains-any", "icontains-any", "contains-all", "icontains-all"]);
export const LATENCY_MEASURES = ["total", "first_token"] as const;
export const TOKEN_MEASURES = ["total", "prompt", "completion"] as const;
export const RUBRIC_SCALES = ["0-1", "1-5"] as const;

const MAX_TEXT = 10_000;

export const assertionSchema = z
  .strictObject({
    type: z.string().min(1).max(40),
    /** What is looked for: a string, a list of strings (-any/-all), a JSON Schema (is-json), an expression, a rubric, a function name, a measure. */
    value: z.unknown().optional(),
    /** The pass mark: a maximum for budgets, a minimum score for judged assertions. */
    threshold: z.number().finite().min(0).optional(),
    /** regex: its flags. */
    flags: z.string().regex(/^[imsu]*$/, "flags are any of i, m, s and u").max(4).optional(),
    /** tool-called: a partial object the arguments must contain. */
    arguments: z.record(z.string(), z.unknown()).optional(),
    /** tool-called: a JSON Schema the arguments must match. */
    arguments_schema: z.record(z.string(), z.unknown()).optional(),
    /** tool-called: exactly this many calls. */
    times: z.number().int().min(0).max(100).optional(),
    /** llm-rubric: the judge; similar: the embedding model. Default: the test run's. */
    model: z.string().min(1).max(256).optional(),
    /** llm-rubric: how the judge scores. */
    scale: z.enum(RUBRIC_SCALES).optional(),
  })
  .superRefine((spec, ctx) => {
    const parsed = parseType(spec.type);
    const issue = (message: string, path: string = "value") => ctx.addIssue({ code: "custom", path: [path], message });
    const schemaIssue = (schema: unknown, path: string) => {
      const [problem] = jsonSchemaProblems(schema);
      if (problem) ctx.addIssue({ code: "custom", path: [path, ...problem.path], message: `is not a valid JSON Schema: ${problem.message}` });
    };
    if (spec.arguments_schema) schemaIssue(spec.arguments_schema, "arguments_schema");
    if (!parsed) return issue(`'${spec.type}' is not an assertion type; use one of ${BASE_TYPES.join(", ")} (any may start with not-)`, "type");
    const { base } = parsed;
    const value = spec.value;
    if (LIST_TYPES.has(base)) {
      if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === "string" && item.length <= MAX_TEXT)) issue(`${base} takes a non-empty list of strings`);
    } else if ((TEXT_TYPES as readonly string[]).includes(base)) {
      const objectEquals = base === "equals" && value !== null && typeof value === "object";
      if (!objectEquals && (typeof value !== "string" || value.length > MAX_TEXT)) issue(`${base} takes a string${base === "equals" ? " (or a JSON value to compare a JSON reply with)" : ""}`);
      if (base === "regex" && typeof value === "string") {
        try {
          new RegExp(value, spec.flags);
        } catch (error) {
          issue(`is not a valid regular expression: ${(error as Error).message}`);
        }
      }
    } else if (base === "is-json" || base === "contains-json") {
      if (value !== undefined && value !== "response_format" && (value === null || typeof value !== "object" || Array.isArray(value))) issue(`${base} takes no value, a JSON Schema object, or "response_format" (the run's json_schema)`);
      else if (value !== undefined && value !== "response_format") schemaIssue(value, "value");
    } else if (base === "jsonata") {
      if (typeof value !== "string" || !value.trim()) return issue("jsonata takes an expression, like `order.total > 0`");
      try {
        jsonata(value);
      } catch (error) {
        issue(`is not a valid JSONata expression: ${(error as Error).message}`);
      }
    } else if (base === "tool-called" || base === "tool-not-called") {
      if (value !== undefined && (typeof value !== "string" || !value.trim())) issue(`${base} takes the name of a function (or file_search, code_interpreter)`);
      if (base === "tool-called" && value === undefined && (spec.arguments || spec.arguments_schema)) issue("name the function whose arguments are checked");
    } else if (base === "latency") {
      if (spec.threshold === undefined) issue("latency takes a threshold in milliseconds", "threshold");
      if (value !== undefined && !(LATENCY_MEASURES as readonly unknown[]).includes(value)) issue(`latency measures ${LATENCY_MEASURES.join(" or ")}`);
    } else if (base === "tokens") {
      if (spec.threshold === undefined) issue("tokens takes a threshold", "threshold");
      if (value !== undefined && !(TOKEN_MEASURES as readonly unknown[]).includes(value)) issue(`tokens counts ${TOKEN_MEASURES.join(", ")}`);
    } else if (base === "cost") {
      if (spec.threshold === undefined) issue("cost takes a threshold, in the price's currency", "threshold");
    } else if (base === "llm-rubric") {
      if (typeof value !== "string" || !value.trim() || value.length > MAX_TEXT) issue("llm-rubric takes the rubric: what a good reply does");
      const top = spec.scale === "1-5" ? 5 : 1;
      if (spec.threshold !== undefined && spec.threshold > top) issue(`on a ${spec.scale ?? "0-1"} scale the threshold is at most ${top}`, "threshold");
    } else if (base === "similar") {
      if (typeof value !== "string" || !value.trim() || value.length > MAX_TEXT) issue("similar takes the expected answer");
      if (spec.threshold !== undefined && spec.threshold > 1) issue("similarity is from 0 to 1", "threshold");
    }
  });

export type AssertionSpec = z.output<typeof assertionSchema>;
