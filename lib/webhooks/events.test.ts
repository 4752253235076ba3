import { describe, expect, it } from "vitest";
import { actionRound, runEvent, runEventId, runEventType } from "@/lib/webhooks/events";

const action = (id: string) => ({ type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: [{ id, type: "function", function: { name: "f", arguments: "{}" } }] } });

describe("run events", () => {
  it("maps statuses to event types; the in-between ones send nothing", () => {
    expect(runEventType("requires_action")).toBe("run.action_required");
    expect(runEventType("completed")).toBe("run.completed");
    expect(runEventType("expired")).toBe("run.expired");
    for (const status of ["queued", "in_progress", "cancelling"]) expect(runEventType(status)).toBeNull();
  });

  it("derives one id per run, type and round: the same event twice is the same id", () => {
    const id = runEventId("run_1", "run.completed");
    expect(id).toMatch(/^evt_[a-z2-7]{24}$/);
    expect(runEventId("run_1", "run.completed")).toBe(id);
    expect(runEventId("run_2", "run.completed")).not.toBe(id);
    expect(runEventId("run_1", "run.failed")).not.toBe(id);
    expect(runEventId("run_1", "run.action_required", "call_a")).not.toBe(runEventId("run_1", "run.action_required", "call_b"));
  });

  it("builds the body from the run object: each round of tool calls its own event", () => {
    const at = new Date("2026-12-06T12:00:00Z");
    const first = runEvent({ id: "run_1", status: "requires_action", required_action: action("call_a") }, at)!;
    expect(first).toMatchObject({ type: "run.action_required", created_at: 1_796_558_400, data: { id: "run_1" } });
    expect(runEvent({ id: "run_1", status: "requires_action", required_action: action("call_a") }, new Date())!.id).toBe(first.id);
    expect(runEvent({ id: "run_1", status: "requires_action", required_action: action("call_b") }, at)!.id).not.toBe(first.id);
    expect(runEvent({ id: "run_1", status: "in_progress" }, at)).toBeNull();
    expect(actionRound(null)).toBe("");
    // A wait for approvals of plugin and MCP calls is a round of its own too.
    expect(actionRound({ type: "submit_tool_approvals", submit_tool_approvals: { tool_calls: [{ id: "call_approve" }] } })).toBe("call_approve");
  });
});
