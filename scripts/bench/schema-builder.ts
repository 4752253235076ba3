// `npm run bench:schema`: how long the schema builder's checks take on schemas of growing size,
// since the editor runs them on every keystroke (a frame is 16 ms) and the API on every write.
// Prints the median of repeated runs for: meta-schema + strict lint + portability (what the
// editor shows), the tree projection, an example value, and one tree edit.
import { performance } from "node:perf_hooks";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { exampleFor } from "@/lib/schema-builder/example";
import { schemaProblems } from "@/lib/schema-builder/problems";
import { buildTree } from "@/lib/schema-builder/tree";
import { setKeyword } from "@/lib/schema-builder/tree-ops";
import type { JsonSchema } from "@/lib/schema-builder/types";

/** `count` properties in objects of ten, nested four deep: a large but realistic tool. */
function schemaWith(count: number): JsonSchema {
  const leaf = (i: number): JsonSchema =>
    i % 3 === 0 ? { type: "string", description: `field ${i}` } : i % 3 === 1 ? { type: ["integer", "null"], minimum: 0 } : { type: "string", enum: ["a", "b", "c"] };
  const object = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: "object", properties, required: Object.keys(properties), additionalProperties: false });
  let made = 0;
  const build = (depth: number): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    for (let i = 0; i < 10 && made < count; i++) {
      made++;
      properties[`p${made}`] = depth < 3 && i === 0 ? build(depth + 1) : leaf(made);
    }
    return object(properties);
  };
  const root = object({});
  const properties = root.properties as Record<string, JsonSchema>;
  while (made < count) properties[`group${made}`] = build(1);
  return root;
}

function median(run: () => unknown, repeat: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: string[][] = [["properties", "meta check", "all checks (strict)", "tree", "example", "one edit"]];
for (const count of [10, 100, 1000, 5000]) {
  const schema = schemaWith(count);
  const repeat = count >= 1000 ? 15 : 101;
  rows.push([
    String(count),
    median(() => jsonSchemaProblems(schema), repeat).toFixed(2),
    median(() => schemaProblems(schema, { strict: true, target: "function" }), repeat).toFixed(2),
    median(() => buildTree(schema), repeat).toFixed(2),
    median(() => exampleFor(schema), repeat).toFixed(2),
    median(() => setKeyword(schema, ["properties", Object.keys(schema.properties as object)[0]!], "description", "x"), repeat).toFixed(2),
  ]);
}
console.log("Schema builder, median milliseconds per call:");
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(11) : cell.padStart(20))).join(""));
