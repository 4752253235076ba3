import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import { parseWholeJson } from "@/lib/assistant-tests/json-find";
import { TEST_LIMITS, type TestCreateInput } from "@/lib/assistant-tests/schema";

// "Save as test" (issue 22): a playground thread becomes a test. Its user messages are the turns
// (with their attachments), the outputs its function calls got are the mocks (the last one per
// function), and assertions are suggested from what happened: each turn's called functions, and
// JSON validity when the last reply is JSON. Pure: the service reads the thread and its runs' steps.

export type ThreadMessage = { role: string; text: string; runId: string | null; attachments: { file_id: string; tools: { type: string }[] }[] | null };
export type ThreadCall = { runId: string; name: string; output: string | null };

const NAME_LENGTH = 60;

export function testFromThread(messages: readonly ThreadMessage[], calls: readonly ThreadCall[]): TestCreateInput {
  const turns: TestCreateInput["turns"] = [];
  const runsOfTurn: Set<string>[] = [];
  let lastReply = "";
  for (const message of messages) {
    if (message.role === "user") {
      turns.push({ role: "user", content: message.text, ...(message.attachments?.length && { attachments: message.attachments as TestCreateInput["turns"][number]["attachments"] }) });
      runsOfTurn.push(new Set());
      lastReply = "";
    } else if (runsOfTurn.length) {
      if (message.runId) runsOfTurn.at(-1)!.add(message.runId);
      lastReply = lastReply ? `${lastReply}\n\n${message.text}` : message.text;
    }
  }
  const mocks: MockOutputs = {};
  for (const [index, runs] of runsOfTurn.entries()) {
    const called = [...new Set(calls.filter((call) => runs.has(call.runId)).map((call) => call.name))];
    if (called.length) turns[index]!.assertions = called.map((name): AssertionSpec => ({ type: "tool-called", value: name }));
  }
  for (const call of calls) {
    if (call.output === null) continue;
    mocks[call.name] = { format: parseWholeJson(call.output).ok ? "json" : "text", output: call.output };
  }
  const assertions: AssertionSpec[] = lastReply && parseWholeJson(lastReply).ok ? [{ type: "is-json" }] : [];
  const first = turns[0]?.content.replace(/\s+/g, " ").trim() ?? "";
  return {
    name: first ? (first.length > NAME_LENGTH ? `${first.slice(0, NAME_LENGTH - 1)}…` : first) : "Conversation",
    tags: [],
    turns: turns.slice(0, TEST_LIMITS.turns),
    mock_outputs: Object.keys(mocks).length ? mocks : null,
    assertions,
  };
}
