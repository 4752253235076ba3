import { describe, expect, it } from "vitest";
import { endStatement, type SegmentEnd } from "@/lib/runs/data/segment-end";
import { fakeRun } from "@/lib/runs/testing/fake-io";

// The end statement's shape for each kind of end. Postgres refuses a statement with a parameter
// it cannot type (one no part of it mentions), so every value must be referenced; the API suites
// run each kind of end against a real database.

const at = new Date("2026-12-06T12:00:00Z");
const referenced = (text: string, count: number) => Array.from({ length: count }, (_, index) => new RegExp(`\\$${index + 1}(?!\\d)`).test(text));

const ends: Record<string, SegmentEnd> = {
  completed: {
    run: fakeRun(), from: ["in_progress", "cancelling"], data: { status: "completed", completedAt: at, usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }, modelCalls: [] },
    message: { id: "msg_1", text: "Hello", reason: null }, steps: [{ id: "step_1", status: "completed", usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }],
  },
  requiresAction: {
    run: fakeRun(), from: ["in_progress"], data: { status: "requires_action", requiredAction: { type: "submit_tool_outputs" }, expiresAt: at },
    steps: [{ id: "step_2", status: "in_progress", details: { type: "tool_calls", tool_calls: [] } }],
  },
  cancelled: {
    run: fakeRun(), from: ["in_progress", "cancelling"], data: { status: "cancelled", cancelledAt: at },
    message: { id: "msg_1", text: "Hel", reason: "run_cancelled" }, steps: [{ id: "step_1", status: "cancelled" }], closeOthers: "cancelled",
  },
  orphanWithoutMessage: { run: fakeRun(), from: ["in_progress"], data: { status: "failed", failedAt: at, lastError: { code: "server_error", message: "x" } }, steps: [], closeOthers: "failed" },
};

describe("endStatement", () => {
  it.each(Object.entries(ends))("%s: every parameter is used, the run is conditional on its status", (_name, end) => {
    const { text, values } = endStatement(end, at);
    expect(referenced(text, values.length).every(Boolean)).toBe(true);
    expect(text).toMatch(/WHERE id = \$1 AND status = ANY\(\$2::text\[\]\)/);
    expect(values[0]).toBe("run_test");
    expect(values[1]).toEqual(end.from);
  });

  it("writes JSON fields as JSON text and leaves unset fields alone", () => {
    const { text, values } = endStatement(ends.completed!, at);
    expect(values).toContain(JSON.stringify({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }));
    expect(text).toContain("completed_at = $");
    expect(text).not.toContain("failed_at = $");
    expect(text).not.toMatch(/other_steps|other_messages/);
  });

  it("closes the run's other open steps and messages only when asked, never the ones it ends itself", () => {
    const { text } = endStatement(ends.cancelled!, at);
    expect(text).toMatch(/other_steps AS \(UPDATE run_steps SET status = \$\d+::text/);
    expect(text).toMatch(/id <> ALL\(\$\d+::text\[\]\)/);
    expect(text).toMatch(/id IS DISTINCT FROM \$\d+::text/);
  });

  it("refuses an end that sets nothing on the run", () => {
    expect(() => endStatement({ ...ends.completed!, data: {} }, at)).toThrow(/nothing to set/);
  });
});
