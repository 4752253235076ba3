import type { AssistantTestObject } from "@/lib/assistant-tests/wire";

// Tests as a file (issue 22): what Export writes and Import reads. The file holds each test as the
// API creates it (no ids or times), so it also works as the body of POST …/tests, test by test, and
// a file of another assistant's tests imports as new tests here. Pure and client-safe.

export const EXPORT_KIND = "atelier.assistant_tests";

export type ExportFile = { object: typeof EXPORT_KIND; exported_at: string; tests: Pick<AssistantTestObject, "name" | "tags" | "turns" | "mock_outputs" | "assertions">[] };

export function exportFile(tests: readonly AssistantTestObject[], now = new Date()): ExportFile {
  return { object: EXPORT_KIND, exported_at: now.toISOString(), tests: tests.map(({ name, tags, turns, mock_outputs, assertions }) => ({ name, tags, turns, mock_outputs, assertions })) };
}

/** The tests in a file's text: an export, `{tests: […]}` or a bare array; the schema checks each one on import. */
export function testsInFile(text: string): { ok: true; tests: unknown[] } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  const tests = Array.isArray(parsed) ? parsed : parsed && typeof parsed === "object" && Array.isArray((parsed as { tests?: unknown }).tests) ? (parsed as { tests: unknown[] }).tests : null;
  if (!tests) return { ok: false, message: "The file holds no tests: expected an export of tests, {\"tests\": […]} or an array of tests." };
  if (!tests.length) return { ok: false, message: "The file's list of tests is empty." };
  // Ids, times and the object type of an API listing are not part of a test: dropped, so a GET …/tests page imports too.
  return { ok: true, tests: tests.map((test) => (test && typeof test === "object" && !Array.isArray(test) ? Object.fromEntries(Object.entries(test).filter(([key]) => !["id", "object", "created_at", "updated_at", "assistant_id"].includes(key))) : test)) };
}
