import { jsonSchemaProblems } from "@/lib/json-schema";
import { functionRootProblem } from "@/lib/schema-builder/function-root";
import { portabilityWarnings } from "@/lib/schema-builder/portability";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { LintOptions, SchemaProblem } from "@/lib/schema-builder/types";

// Everything the builder reports about a schema, in the order a person should fix it: whether it
// is JSON Schema at all, then strict mode's errors, then portability warnings. The server runs the
// same checks (lib/assistants/tools.ts) minus the warnings, so an error here is a 400 there, with
// the same path in `error.param`.

export function schemaErrors(schema: unknown, options: LintOptions): SchemaProblem[] {
  // First and alone, as on the server, which checks it before anything else about parameters.
  const root = options.target === "function" ? functionRootProblem(schema) : null;
  if (root) return [root];
  const invalid = jsonSchemaProblems(schema).map(
    (problem): SchemaProblem => ({ rule: "json-schema", severity: "error", path: problem.path, message: problem.message }),
  );
  // Strict rules assume valid JSON Schema; on an invalid one they would only add noise.
  if (invalid.length > 0 || !options.strict) return invalid;
  return strictProblems(schema, options.target);
}

export function schemaProblems(schema: unknown, options: LintOptions): SchemaProblem[] {
  const errors = schemaErrors(schema, options);
  if (errors.some((problem) => problem.rule === "json-schema" || problem.rule === "function/parameters-object")) return errors;
  return [...errors, ...portabilityWarnings(schema, options)];
}
