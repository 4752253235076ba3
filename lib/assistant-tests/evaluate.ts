import { isDeepStrictEqual } from "node:util";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { Usage } from "@/lib/runs/wire";
import { parseType, type AssertionSpec, type BaseType } from "@/lib/assistant-tests/assertion-types";
import { findJsonValues, isSubset, parseWholeJson } from "@/lib/assistant-tests/json-find";
import { judgeRubric, similarity, type JudgeIO } from "@/lib/assistant-tests/judged";

// An assertion checked against one turn: its reply's text, the tool calls its run made, its usage
// and timings. The checks are pure given `deps` (JSON Schema validation, a regex and a JSONata
// expression run with a deadline, the judge and the embedder), so every type has unit tests that
// fail when its check is removed. An outcome that could not be decided (no price set, a judge that
// did not answer) is `errored`, never a pass or a fail; `not-` inverts only decided outcomes.

export type ToolCallRecord = { type: string; name: string; arguments: string };

export type TurnSubject = {
  /** The reply: every assistant message of the turn's run, in order. */
  text: string;
  /** Functions by name; server-side tools by their type (file_search, code_interpreter). */
  toolCalls: ToolCallRecord[];
  usage: Usage | null;
  firstTokenMs: number | null;
  totalMs: number | null;
  responseFormat: ResponseFormat | null;
};

export type Outcome = { type: string; pass: boolean; score: number; reason: string; errored?: true; details?: Record<string, unknown> };

export type CheckDeps = JudgeIO & {
  validate: (schema: Record<string, unknown>, value: unknown) => { valid: boolean; errors: { path: string; message: string }[] };
  regex: (pattern: string, flags: string, text: string) => boolean;
  jsonata: (expression: string, data: unknown) => Promise<unknown>;
};

type Verdict = { pass: boolean; score?: number; reason: string; details?: Record<string, unknown> } | { error: string; details?: Record<string, unknown> };

const quote = (text: string, max = 80) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
const ms = (value: number) => `${Math.round(value)} ms`;

function textCheck(base: BaseType, spec: AssertionSpec, text: string, deps: CheckDeps): Verdict {
  const fold = base.startsWith("i");
  const has = (needle: string) => (fold ? text.toLowerCase().includes(needle.toLowerCase()) : text.includes(needle));
  switch (base) {
    case "contains":
    case "icontains": {
      const needle = spec.value as string;
      return has(needle) ? { pass: true, reason: `The reply contains ${quote(needle)}.` } : { pass: false, reason: `The reply does not contain ${quote(needle)}.` };
    }
    case "contains-any":
    case "icontains-any": {
      const found = (spec.value as string[]).find(has);
      return found !== undefined ? { pass: true, reason: `The reply contains ${quote(found)}.` } : { pass: false, reason: `The reply contains none of ${(spec.value as string[]).map((item) => quote(item)).join(", ")}.` };
    }
    case "contains-all":
    case "icontains-all": {
      const values = spec.value as string[];
      const missing = values.filter((needle) => !has(needle));
      return { pass: missing.length === 0, score: (values.length - missing.length) / values.length, reason: missing.length ? `The reply lacks ${missing.map((item) => quote(item)).join(", ")}.` : "The reply contains every value." };
    }
    case "equals": {
      if (typeof spec.value === "string") return text === spec.value ? { pass: true, reason: "The reply is exactly the expected text." } : { pass: false, reason: `The reply ${quote(text)} is not ${quote(spec.value)}.` };
      const parsed = parseWholeJson(text);
      if (!parsed.ok) return { pass: false, reason: `The reply is not JSON to compare: ${parsed.error}` };
      return isDeepStrictEqual(parsed.value, spec.value) ? { pass: true, reason: "The reply is the expected JSON value." } : { pass: false, reason: "The reply's JSON differs from the expected value." };
    }
    case "starts-with": {
      const prefix = spec.value as string;
      return text.startsWith(prefix) ? { pass: true, reason: `The reply starts with ${quote(prefix)}.` } : { pass: false, reason: `The reply starts with ${quote(text.slice(0, prefix.length + 10))}, not ${quote(prefix)}.` };
    }
    case "regex": {
      const pattern = spec.value as string;
      return deps.regex(pattern, spec.flags ?? "", text) ? { pass: true, reason: `The reply matches /${pattern}/${spec.flags ?? ""}.` } : { pass: false, reason: `The reply does not match /${pattern}/${spec.flags ?? ""}.` };
    }
    default:
      return { error: `${base} is not a text assertion.` };
  }
}

/** The schema is-json/contains-json check against: the one given, the run's json_schema, or none. */
function schemaFor(spec: AssertionSpec, subject: TurnSubject): Record<string, unknown> | null | { error: string } {
  if (spec.value === undefined) return null;
  if (spec.value !== "response_format") return spec.value as Record<string, unknown>;
  const format = subject.responseFormat;
  if (format && typeof format === "object" && format.type === "json_schema" && format.json_schema.schema) return format.json_schema.schema as Record<string, unknown>;
  return { error: "The run had no json_schema response format to check the reply against." };
}

function schemaVerdict(value: unknown, schema: Record<string, unknown> | null, deps: CheckDeps, what: string): Verdict {
  if (!schema) return { pass: true, reason: `${what} is valid JSON.` };
  const result = deps.validate(schema, value);
  if (result.valid) return { pass: true, reason: `${what} is valid JSON and matches the schema.` };
  const first = result.errors[0];
  return { pass: false, reason: `${what} does not match the schema${first ? `: ${first.path} ${first.message}` : ""}.`, details: { errors: result.errors.slice(0, 10) } };
}

async function structureCheck(base: BaseType, spec: AssertionSpec, subject: TurnSubject, deps: CheckDeps): Promise<Verdict> {
  if (base === "jsonata") return jsonataCheck(spec, subject, deps);
  const schema = schemaFor(spec, subject);
  if (schema && "error" in schema && typeof schema.error === "string") return { error: schema.error };
  const target = schema as Record<string, unknown> | null;
  if (base === "is-json") {
    const parsed = parseWholeJson(subject.text);
    return parsed.ok ? schemaVerdict(parsed.value, target, deps, "The reply") : { pass: false, reason: `The reply is not JSON: ${parsed.error}` };
  }
  const values = findJsonValues(subject.text);
  if (values.length === 0) return { pass: false, reason: "The reply contains no JSON." };
  if (!target) return { pass: true, reason: "The reply contains JSON." };
  const matching = values.find((value) => deps.validate(target, value).valid);
  return matching !== undefined ? { pass: true, reason: "The reply contains JSON that matches the schema." } : schemaVerdict(values[0], target, deps, "The JSON in the reply");
}

/** A JSONata expression holds: against the reply's JSON when it is JSON, else against { text }. */
async function jsonataCheck(spec: AssertionSpec, subject: TurnSubject, deps: CheckDeps): Promise<Verdict> {
  const parsed = parseWholeJson(subject.text);
  const data = parsed.ok ? parsed.value : { text: subject.text };
  const result = await deps.jsonata(spec.value as string, data);
  const truthy = Array.isArray(result) ? result.length > 0 : Boolean(result);
  return { pass: truthy, reason: `${spec.value as string} is ${JSON.stringify(result) ?? "undefined"}${parsed.ok ? "" : " (the reply is not JSON; it was checked as { text })"}.` };
}

function parsedArguments(call: ToolCallRecord): unknown {
  try {
    return JSON.parse(call.arguments || "{}");
  } catch {
    return undefined;
  }
}

function toolCheck(base: BaseType, spec: AssertionSpec, subject: TurnSubject, deps: CheckDeps): Verdict {
  const name = spec.value as string | undefined;
  const named = name === undefined ? subject.toolCalls : subject.toolCalls.filter((call) => call.name === name);
  const label = name ?? "a tool";
  if (base === "tool-not-called") {
    return named.length === 0 ? { pass: true, reason: `${label} was not called.` } : { pass: false, reason: `${name ?? named.map((call) => call.name).join(", ")} was called ${named.length} time${named.length === 1 ? "" : "s"}.` };
  }
  const matching = named.filter((call) => {
    if (!spec.arguments && !spec.arguments_schema) return true;
    const args = parsedArguments(call);
    if (args === undefined) return false;
    return (!spec.arguments || isSubset(spec.arguments, args)) && (!spec.arguments_schema || deps.validate(spec.arguments_schema, args).valid);
  });
  const withArgs = spec.arguments || spec.arguments_schema ? ` (${matching.length} with matching arguments)` : "";
  const said = `${label} was called ${named.length} time${named.length === 1 ? "" : "s"}${withArgs}`;
  const pass = spec.times === undefined ? matching.length > 0 : matching.length === spec.times;
  return { pass, reason: `${said}${spec.times === undefined ? "" : `; expected ${spec.times}`}.`, details: { calls: named.map((call) => ({ name: call.name, arguments: call.arguments.slice(0, 2_000) })) } };
}

function budgetCheck(base: BaseType, spec: AssertionSpec, subject: TurnSubject): Verdict {
  const threshold = spec.threshold!;
  const within = (actual: number, what: string, show: (value: number) => string) =>
    actual <= threshold ? { pass: true, score: 1, reason: `${what} ${show(actual)} is within ${show(threshold)}.` } : { pass: false, score: actual > 0 ? threshold / actual : 0, reason: `${what} ${show(actual)} is over ${show(threshold)}.` };
  if (base === "latency") {
    const measure = (spec.value as string | undefined) ?? "total";
    const actual = measure === "first_token" ? subject.firstTokenMs : subject.totalMs;
    if (actual === null) return { error: `The run has no ${measure === "first_token" ? "time to first token" : "total time"} (it did not finish, or was not timed).` };
    return within(actual, measure === "first_token" ? "Time to first token" : "Total time", ms);
  }
  if (!subject.usage) return { error: "The run reported no usage." };
  if (base === "tokens") {
    const measure = (spec.value as string | undefined) ?? "total";
    const actual = measure === "prompt" ? subject.usage.prompt_tokens : measure === "completion" ? subject.usage.completion_tokens : subject.usage.total_tokens;
    return within(actual, `${measure[0]!.toUpperCase()}${measure.slice(1)} tokens`, (value) => String(value));
  }
  const cost = subject.usage.cost;
  if (!cost) return { error: "The run's model has no price (Settings → Providers), so its cost is unknown." };
  return within(cost.amount, "The cost", (value) => `${value} ${cost.currency}`);
}

async function verdictOf(base: BaseType, spec: AssertionSpec, subject: TurnSubject, deps: CheckDeps): Promise<Verdict> {
  switch (base) {
    case "is-json":
    case "contains-json":
    case "jsonata":
      return structureCheck(base, spec, subject, deps);
    case "tool-called":
    case "tool-not-called":
      return toolCheck(base, spec, subject, deps);
    case "latency":
    case "tokens":
    case "cost":
      return budgetCheck(base, spec, subject);
    case "llm-rubric":
      return judgeRubric(spec, subject.text, deps);
    case "similar":
      return similarity(spec, subject.text, deps);
    default:
      return textCheck(base, spec, subject.text, deps);
  }
}

/** The outcome of one assertion on one turn; a check that throws is an errored outcome saying why. */
export async function evaluateAssertion(spec: AssertionSpec, subject: TurnSubject, deps: CheckDeps): Promise<Outcome> {
  const parsed = parseType(spec.type);
  if (!parsed) return { type: spec.type, pass: false, score: 0, reason: `Unknown assertion type '${spec.type}'.`, errored: true };
  let verdict: Verdict;
  try {
    verdict = await verdictOf(parsed.base, spec, subject, deps);
  } catch (error) {
    verdict = { error: `The check could not run: ${(error as Error).message}` };
  }
  if ("error" in verdict) return { type: spec.type, pass: false, score: 0, reason: verdict.error, errored: true, ...(verdict.details && { details: verdict.details }) };
  const score = verdict.score ?? (verdict.pass ? 1 : 0);
  const outcome = { type: spec.type, ...(verdict.details && { details: verdict.details }) };
  if (!parsed.negated) return { ...outcome, pass: verdict.pass, score, reason: verdict.reason };
  return { ...outcome, pass: !verdict.pass, score: 1 - score, reason: `${verdict.pass ? "Expected not, but: " : "As expected, not: "}${verdict.reason}` };
}
