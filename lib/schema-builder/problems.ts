import { jsonSchemaProblems } from "@/lib/json-schema";
import { portabilityWarnings } from "@/lib/schema-builder/portability";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { LintOptions, SchemaProblem } from "@/lib/schema-builder/types";

// Everything the builder reports about a schema, in the order a person should fix it: whether it
// is JSON Schema at all, then strict mode's errors, then portability warnings. The server runs the
// same checks (lib/assistants/tools.ts) minus the warnings, so an error here is a 400 there, with
// the same path in `error.param`.

export function schemaErrors(schema: unknown, options: LintOptions): SchemaProblem[] {
  const invalid = jsonSchemaProblems(schema).map(
    (problem): SchemaProblem => ({ rule: "json-schema", severity: "error", path: problem.path, message: problem.message }),
  );
  // Strict rules assume valid JSON Schema; on an invalid one they would only add noise.
  if (invalid.length > 0 || !options.strict) return invalid;
  return strictProblems(schema, options.target);
}

export function schemaProblems(schema: unknown, options: LintOptions): SchemaProblem[] {
  const errors = schemaErrors(schema, options);
  if (errors.some((problem) => problem.rule === "json-schema")) return errors;
  return [...errors, ...portabilityWarnings(schema, options)];
}
