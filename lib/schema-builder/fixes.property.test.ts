import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { applyFix } from "@/lib/schema-builder/fixes";
import { portabilityWarnings } from "@/lib/schema-builder/portability";
import { schemaArbitrary } from "@/lib/schema-builder/schema-arbitrary";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import type { JsonSchema, SchemaProblem } from "@/lib/schema-builder/types";

function sameProblem(a: SchemaProblem, b: SchemaProblem): boolean {
  return a.rule === b.rule && a.path.length === b.path.length && a.path.every((segment, index) => String(segment) === String(b.path[index]));
}

// Each run lints and re-validates a schema once per fixable problem (about a dozen); a loaded CI
// machine needs more than vitest's default 5 s for that.
const TIMEOUT = 20_000;

const validSchema = schemaArbitrary.filter((schema) => jsonSchemaProblems(schema).length === 0);

describe("fixes on random schemas", () => {
  it("generates schemas that exercise the fixes", () => {
    // Guards the generator: if it stopped producing fixable problems, the property below would
    // pass vacuously.
    const rules = new Set<string>();
    for (const schema of fc.sample(validSchema, { numRuns: 200, seed: 1 })) {
      for (const problem of strictProblems(schema, "function")) if (problem.fix) rules.add(problem.rule);
    }
    expect([...rules].sort()).toEqual([
      "strict/additional-properties",
      "strict/all-of",
      "strict/default",
      "strict/nullable-keyword",
      "strict/required",
      "strict/root-any-of",
      "strict/root-object",
      "strict/unsupported-keyword",
    ]);
  }, TIMEOUT);

  it("every fix removes its problem and keeps the schema valid", () => {
    fc.assert(
      fc.property(validSchema, (schema) => {
        const before = JSON.stringify(schema);
        for (const problem of strictProblems(schema, "function")) {
          if (!problem.fix) continue;
          const fixed = applyFix(schema, problem);
          expect(jsonSchemaProblems(fixed), `${problem.fix} at ${problem.path.join("/")}`).toEqual([]);
          expect(strictProblems(fixed, "function").filter((after) => sameProblem(after, problem))).toEqual([]);
        }
        expect(JSON.stringify(schema)).toBe(before);
      }),
      { numRuns: 200 },
    );
  }, TIMEOUT);

  it("fixing one problem after another ends with only unfixable problems", () => {
    fc.assert(
      fc.property(validSchema, (schema) => {
        let current: JsonSchema = schema;
        for (let step = 0; step < 200; step++) {
          const next = strictProblems(current, "response_format").find((problem) => problem.fix);
          if (!next) break;
          current = applyFix(current, next);
        }
        expect(strictProblems(current, "response_format").filter((problem) => problem.fix)).toEqual([]);
        expect(jsonSchemaProblems(current)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, TIMEOUT);

  it("the lints never throw, whatever the JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(strictProblems(value, "function"))).toBe(true);
        expect(Array.isArray(portabilityWarnings(value, { strict: true, target: "function" }))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
