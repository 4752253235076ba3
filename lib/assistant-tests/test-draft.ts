import { rowFromSpec, specFromRow, type AssertionRow } from "@/lib/assistant-tests/assertion-form";
import type { AssistantTestObject, TestTurn } from "@/lib/assistant-tests/wire";

// The test editor's state (issue 22): what a person types (tags comma-separated, mocks and overrides
// as JSON text, assertion rows), and the test it becomes. Problems found here (JSON that does not
// parse) and the server's field errors share keys, `turns.1.overrides`, `assertions.0`, so the form
// shows both in the same place. Pure and client-safe.

export type TurnDraft = { content: string; overrides: string; assertions: AssertionRow[]; attachments: TestTurn["attachments"] };
export type TestDraft = { name: string; tags: string; turns: TurnDraft[]; mocks: string; assertions: AssertionRow[] };

const json = (value: unknown) => JSON.stringify(value, null, 2);

export const emptyTurn = (): TurnDraft => ({ content: "", overrides: "", assertions: [], attachments: undefined });

export function draftOf(test: Pick<AssistantTestObject, "name" | "tags" | "turns" | "mock_outputs" | "assertions"> | null): TestDraft {
  if (!test) return { name: "", tags: "", turns: [emptyTurn()], mocks: "", assertions: [] };
  return {
    name: test.name,
    tags: test.tags.join(", "),
    turns: test.turns.map((turn) => ({ content: turn.content, overrides: turn.overrides ? json(turn.overrides) : "", assertions: (turn.assertions ?? []).map(rowFromSpec), attachments: turn.attachments })),
    mocks: test.mock_outputs ? json(test.mock_outputs) : "",
    assertions: test.assertions.map(rowFromSpec),
  };
}

export type DraftResult = { ok: true; test: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

export function testOf(draft: TestDraft): DraftResult {
  const errors: Record<string, string> = {};
  const parse = (text: string, key: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      errors[key] = `is not JSON: ${(error as Error).message}`;
      return undefined;
    }
  };
  const rows = (list: AssertionRow[], key: string) =>
    list.map((row, index) => {
      const result = specFromRow(row);
      if (!result.ok) errors[`${key}.${index}`] = `${result.problem.field === "args" ? "Arguments" : result.problem.field === "value" ? "The value" : `The ${result.problem.field}`} ${result.problem.message}`;
      return result.ok ? result.spec : null;
    });
  const turns = draft.turns.map((turn, index) => {
    const assertions = rows(turn.assertions, `turns.${index}.assertions`);
    return {
      role: "user",
      content: turn.content,
      ...(turn.attachments?.length && { attachments: turn.attachments }),
      ...(turn.overrides.trim() && { overrides: parse(turn.overrides, `turns.${index}.overrides`) }),
      ...(assertions.length && { assertions }),
    };
  });
  const test = {
    name: draft.name,
    tags: draft.tags.split(",").map((tag) => tag.trim()).filter(Boolean),
    turns,
    mock_outputs: draft.mocks.trim() ? parse(draft.mocks, "mock_outputs") : null,
    assertions: rows(draft.assertions, "assertions"),
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, test };
}

/** The server's field errors under the editor's keys: `test.turns.0.assertions.1.value` → `turns.0.assertions.1`. */
export function draftErrors(fieldErrors: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const key = path.replace(/^test\./, "");
    const row = key.match(/^((?:turns\.\d+\.)?assertions\.\d+)(?:\.(.+))?$/);
    const target = row ? row[1]! : key.match(/^turns\.\d+\.overrides/) ? key.replace(/^(turns\.\d+\.overrides).*$/, "$1") : key.match(/^mock_outputs/) ? "mock_outputs" : key;
    out[target] ??= row?.[2] && row[2] !== "type" ? `${row[2]}: ${messages[0]}` : (messages[0] ?? "is not valid");
  }
  return out;
}
