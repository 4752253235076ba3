import { diffLines } from "diff";
import microdiff from "microdiff";
import type { AssistantObject } from "@/lib/assistants/wire";

// Two versions of an assistant compared field by field, as the History panel shows them: plain
// values before → after, instructions as a line diff, tools and schemas as the JSON paths added,
// removed or changed, metadata as a table. Computed from the API objects, so plugin tokens are the
// masked ones on both sides. Pure: no I/O, unit-tested.

export type LineChange = { type: "added" | "removed" | "same"; text: string };
export type PathChange = { type: "added" | "removed" | "changed"; path: string; before?: unknown; after?: unknown };
export type MapRow = { key: string; before: string | null; after: string | null };

export type FieldDiff =
  | { field: string; kind: "value"; before: unknown; after: unknown }
  | { field: string; kind: "text"; lines: LineChange[] }
  | { field: string; kind: "json"; changes: PathChange[] }
  | { field: string; kind: "map"; rows: MapRow[] };

const VALUE_FIELDS = ["name", "description", "model", "temperature", "top_p", "top_k", "max_tokens", "reasoning_effort", "user_id", "webhook_url"] as const;
const JSON_FIELDS = ["tools", "response_format", "tool_resources", "mock_outputs"] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A path as people read it: tools[get_weather].function.parameters.properties.city. */
function formatPath(field: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((out, segment) => (typeof segment === "number" ? `${out}[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `${out}.${segment}` : `${out}[${JSON.stringify(segment)}]`), field);
}

/**
 * Tools keyed by what they are (a function by its name, other tools by their type), so adding one
 * tool or reordering them does not show every later tool as changed.
 */
function keyedTools(tools: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tool of Array.isArray(tools) ? tools : []) {
    const record = tool as { type?: string; function?: { name?: string } };
    const base = record.type === "function" && record.function?.name ? record.function.name : String(record.type);
    let key = base;
    for (let n = 2; key in out; n++) key = `${base}#${n}`;
    out[key] = tool;
  }
  return out;
}

function lineDiff(before: string, after: string): LineChange[] {
  const lines: LineChange[] = [];
  for (const part of diffLines(before, after)) {
    const type = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of part.value.replace(/\n$/, "").split("\n")) lines.push({ type, text });
  }
  return lines;
}

function jsonDiff(field: string, before: unknown, after: unknown): PathChange[] {
  const wrap = (value: unknown) => ({ value: value ?? null });
  return microdiff(wrap(before), wrap(after)).map((change) => {
    const path = formatPath(field, change.path.slice(1));
    if (change.type === "CREATE") return { type: "added", path, after: change.value };
    if (change.type === "REMOVE") return { type: "removed", path, before: change.oldValue };
    return { type: "changed", path, before: change.oldValue, after: change.value };
  });
}

function mapDiff(before: Record<string, string>, after: Record<string, string>): MapRow[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => before[key] !== after[key]).map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null }));
}

/** What changed from `a` to `b`, in the editor's order of fields; empty when nothing did. */
export function diffAssistants(a: AssistantObject, b: AssistantObject): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of VALUE_FIELDS.slice(0, 3)) if (!same(a[field], b[field])) out.push({ field, kind: "value", before: a[field], after: b[field] });
  if (!same(a.instructions, b.instructions)) out.push({ field: "instructions", kind: "text", lines: lineDiff(a.instructions ?? "", b.instructions ?? "") });
  for (const field of VALUE_FIELDS.slice(3)) if (!same(a[field], b[field])) out.push({ field, kind: "value", before: a[field], after: b[field] });
  for (const field of JSON_FIELDS) {
    if (same(a[field], b[field])) continue;
    const changes = field === "tools" ? jsonDiff(field, keyedTools(a.tools), keyedTools(b.tools)) : jsonDiff(field, a[field], b[field]);
    // Reordered tools and nothing else: the order is what changed.
    out.push({ field, kind: "json", changes: changes.length ? changes : [{ type: "changed", path: `${field} (order)`, before: null, after: null }] });
  }
  if (!same(a.metadata, b.metadata)) {
    const rows = mapDiff(a.metadata, b.metadata);
    out.push({ field: "metadata", kind: "map", rows: rows.length ? rows : [{ key: "(order of the keys)", before: Object.keys(a.metadata).join(", "), after: Object.keys(b.metadata).join(", ") }] });
  }
  return out;
}
