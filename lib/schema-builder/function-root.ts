import { isRecord, type SchemaProblem } from "@/lib/schema-builder/types";

/**
 * Function parameters are an object, strict or not: providers call a function with an arguments
 * object, so the API refuses any other root type (lib/assistants/tools.ts uses this very check).
 */
export function functionRootProblem(schema: unknown): SchemaProblem | null {
  if (!isRecord(schema) || !("type" in schema) || schema.type === "object") return null;
  return {
    rule: "function/parameters-object",
    severity: "error",
    path: ["type"],
    message: `function parameters must be a JSON Schema of type 'object', got ${JSON.stringify(schema.type)}`,
    fix: "Wrap in an object",
  };
}
