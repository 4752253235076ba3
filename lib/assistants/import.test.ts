import { describe, expect, it } from "vitest";
import { fromCreateInput } from "@/lib/assistants/form";
import { parseAssistantImport } from "@/lib/assistants/import";

describe("assistant import", () => {
  it("accepts an export (or the API object itself, whose server fields are ignored) and fills the form", () => {
    const result = parseAssistantImport(JSON.stringify({ id: "asst_x", object: "assistant", created_at: 1, version: 7, model: "m", name: "Imported", metadata: { a: "1" } }));
    expect(result.ok).toBe(true);
    const values = fromCreateInput(result.ok ? result.input : (null as never));
    expect(values).toMatchObject({ model: "m", name: "Imported", metadata: [{ key: "a", value: "1" }] });
  });

  it("lists every problem at its path", () => {
    const result = parseAssistantImport(
      JSON.stringify({ name: "n".repeat(257), temperature: 3, tools: [{ type: "function", function: { name: "bad name" } }], metadata: { ["k".repeat(65)]: "v" } }),
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(["model", "name", "temperature", "tools[0].function.name"]));
    expect(paths.some((path) => path.startsWith("metadata"))).toBe(true);
  });

  it("says when the text is not JSON", () => {
    expect(parseAssistantImport("{nope")).toMatchObject({ ok: false, problems: [{ path: "(file)" }] });
  });
});
