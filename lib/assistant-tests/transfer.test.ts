import { describe, expect, it } from "vitest";
import { exportFile, testsInFile } from "@/lib/assistant-tests/transfer";
import { testCreateSchema } from "@/lib/assistant-tests/schema";
import type { AssistantTestObject } from "@/lib/assistant-tests/wire";

const test: AssistantTestObject = {
  id: "test_1",
  object: "assistant.test",
  created_at: 1,
  updated_at: 2,
  assistant_id: "asst_1",
  name: "greets",
  tags: ["smoke"],
  turns: [{ role: "user", content: "hi" }],
  mock_outputs: null,
  assertions: [{ type: "icontains", value: "hello" }],
};

describe("tests as a file", () => {
  it("exports tests as they are created, and imports the export back", () => {
    const file = exportFile([test], new Date("2026-12-07T00:00:00Z"));
    expect(file).toEqual({ object: "atelier.assistant_tests", exported_at: "2026-12-07T00:00:00.000Z", tests: [{ name: "greets", tags: ["smoke"], turns: [{ role: "user", content: "hi" }], mock_outputs: null, assertions: [{ type: "icontains", value: "hello" }] }] });
    const read = testsInFile(JSON.stringify(file));
    expect(read).toEqual({ ok: true, tests: file.tests });
    if (read.ok) expect(testCreateSchema.parse(read.tests[0])).toEqual(file.tests[0]);
  });

  it("reads {tests}, a bare array, and an API listing (ids dropped)", () => {
    expect(testsInFile(JSON.stringify({ tests: [{ name: "a", turns: [] }] }))).toEqual({ ok: true, tests: [{ name: "a", turns: [] }] });
    expect(testsInFile(JSON.stringify([test]))).toEqual({ ok: true, tests: [exportFile([test]).tests[0]] });
  });

  it("says what is wrong with a file that is not tests", () => {
    expect(testsInFile("{nope")).toMatchObject({ ok: false, message: expect.stringMatching(/^The file is not JSON: /) });
    expect(testsInFile('{"name": "x"}')).toMatchObject({ ok: false, message: expect.stringContaining("holds no tests") });
    expect(testsInFile("[]")).toEqual({ ok: false, message: "The file's list of tests is empty." });
  });
});
