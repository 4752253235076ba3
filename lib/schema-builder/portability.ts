import { formatPath } from "@/lib/schema-builder/paths";
import { collectRefs, type RefSite } from "@/lib/schema-builder/strict-lint-refs";
import { walkSubschemas } from "@/lib/schema-builder/strict-lint-walk";
import { isRecord, type LintOptions, type SchemaPath, type SchemaProblem } from "@/lib/schema-builder/types";

// Schemas this console accepts but that behave differently elsewhere: OpenAI strict mode, Model
// Studio (Qwen) and local grammar-constrained decoding (llama.cpp GBNF, Outlines/vLLM guided
// decoding). Warnings only: the schema is fine, the person should know where it will not be.

/** The string formats OpenAI Structured Outputs documents as supported. */
export const OPENAI_FORMATS: readonly string[] = ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];

const LOCAL_ENGINES = "local grammar engines (llama.cpp GBNF, Outlines/vLLM guided decoding)";

function warning(rule: SchemaProblem["rule"], path: SchemaPath, message: string): SchemaProblem {
  return { rule, severity: "warning", path, message };
}

/**
 * The first regex feature that grammar engines cannot compile to a finite automaton: lookaround
 * and backreferences. Escapes and character classes are skipped so `\\1` or `[(?=]` do not count.
 */
export function unportableRegexFeature(pattern: string): string | null {
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "\\") {
      const next = pattern[index + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${next})`;
      if (!inClass && next === "k" && pattern[index + 2] === "<") return "a named backreference (\\k<…>)";
      index++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "(" && pattern[index + 1] === "?") {
      const kind = pattern.slice(index + 2, index + 4);
      if (kind.startsWith("=") || kind.startsWith("!")) return `a lookahead (${pattern.slice(index, index + 3)})`;
      if (kind === "<=" || kind === "<!") return `a lookbehind (${pattern.slice(index, index + 4)})`;
    }
  }
  return null;
}

function nodeWarnings(node: Record<string, unknown>, path: SchemaPath, options: LintOptions): SchemaProblem[] {
  const warnings: SchemaProblem[] = [];
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "format" && typeof value === "string" && !OPENAI_FORMATS.includes(value)) {
      warnings.push(
        warning(
          "portability/format",
          [...path, "format"],
          `Format "${value}" is not one OpenAI Structured Outputs supports (${OPENAI_FORMATS.join(", ")}): strict mode ignores or rejects it. Model Studio (Qwen) and ${LOCAL_ENGINES} do not enforce formats at all; describe the expected format in the description too`,
        ),
      );
    } else if (keyword === "pattern" && typeof value === "string") {
      const feature = unportableRegexFeature(value);
      if (feature) {
        warnings.push(warning("portability/pattern", [...path, "pattern"], `'pattern' uses ${feature}: ${LOCAL_ENGINES} cannot compile lookaround or backreferences; OpenAI and Model Studio may accept it`));
      }
    } else if ((keyword === "minLength" || keyword === "maxLength") && options.strict) {
      warnings.push(
        warning(
          "portability/string-constraints",
          [...path, keyword],
          `'${keyword}' is not among OpenAI Structured Outputs' supported keywords for every model: the model may not honour it, so keep checking the length in your own code`,
        ),
      );
    }
  }
  return warnings;
}

const DEFINITION_CONTAINERS = new Set(["$defs", "definitions"]);

function startsWith(path: readonly (string | number)[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => segment === String(path[index]));
}

/**
 * Whether a `$ref` at `site` is applied when the schema at `scope` is: it sits inside `scope` but
 * not inside a `$defs`/`definitions` on the way, which only matter when referenced themselves.
 */
function appliesWithin(site: SchemaPath, scope: readonly string[]): boolean {
  if (!startsWith(site, scope)) return false;
  const full = site.map(String);
  for (let index = scope.length; index < full.length; index++) {
    const previous = index > 0 ? full[index - 1] : undefined;
    if (DEFINITION_CONTAINERS.has(full[index]!) && previous !== "properties" && !DEFINITION_CONTAINERS.has(previous ?? "")) return false;
  }
  return true;
}

/** One warning per recursive target, at the first `$ref` that closes a cycle back to it. */
function recursionWarnings(sites: RefSite[]): SchemaProblem[] {
  const targets = new Map<string, string[]>();
  for (const site of sites) if (site.target) targets.set(JSON.stringify(site.target), site.target);
  const edges = new Map<string, string[]>();
  for (const [key, scope] of targets) {
    edges.set(key, sites.filter((site) => site.target && appliesWithin(site.path, scope)).map((site) => JSON.stringify(site.target)));
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (current === to) return true;
      for (const next of edges.get(current) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return false;
  };
  const warnings: SchemaProblem[] = [];
  const reported = new Set<string>();
  for (const site of sites) {
    if (!site.target) continue;
    const target = JSON.stringify(site.target);
    if (reported.has(target)) continue;
    const closesCycle = [...targets].some(([scopeKey, scope]) => appliesWithin(site.path, scope) && reaches(target, scopeKey));
    if (!closesCycle) continue;
    reported.add(target);
    const name = site.target.length === 0 ? "the root schema" : `'${formatPath(site.target)}'`;
    warnings.push(
      warning(
        "portability/recursion",
        site.path,
        `${JSON.stringify(site.ref)} makes ${name} recursive: OpenAI strict mode supports recursive schemas, but Model Studio (Qwen) and most ${LOCAL_ENGINES} do not`,
      ),
    );
  }
  return warnings;
}

/** Where the schema will behave differently on another provider or engine; never errors. */
export function portabilityWarnings(schema: unknown, options: LintOptions): SchemaProblem[] {
  if (!isRecord(schema)) return [];
  const warnings: SchemaProblem[] = [];
  walkSubschemas(schema, ({ node, path }) => {
    if (isRecord(node)) warnings.push(...nodeWarnings(node, path, options));
  });
  warnings.push(...recursionWarnings(collectRefs(schema)));
  return warnings;
}
