import { describe, expect, it } from "vitest";
import { runSegment } from "@/lib/runs/segment";
import { decidedStep, fakeCatalog } from "@/lib/runs/testing/fake-catalog";
import { fakeRun, fakeWorld, textParts, toolParts } from "@/lib/runs/testing/fake-io";
import type { StepToolCall } from "@/lib/runs/wire";

// Plugin and MCP tools in the run loop (issue 24): offered with the run's functions, run by Atelier
// and recorded with `server_tool`; those needing approval wait (`submit_tool_approvals`) and run
// when the run resumes approved, or answer with the denial.

const start = { history: [], lastAt: 0 };
const names = (world: ReturnType<typeof fakeWorld>) => world.events.map((event) => event.event);
const lastEnd = (world: ReturnType<typeof fakeWorld>) => world.ends.at(-1)!;
const waitingCalls = (world: ReturnType<typeof fakeWorld>) => (lastEnd(world).steps.at(-1)!.details as { tool_calls: StepToolCall[] }).tool_calls;

describe("runSegment with plugin and MCP tools", () => {
  it("offers them, runs a call, records server_tool, and streams only the output in the last delta", async () => {
    const catalog = fakeCatalog([{ name: "add" }]);
    const world = fakeWorld([{ parts: toolParts([{ id: "call_a", name: "add", input: '{"a":1}' }]) }, { parts: textParts("3") }], { serverTools: catalog });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("completed");
    expect(world.offered[0]).toEqual(["add"]);
    expect(world.ends[0]!.steps.at(-1)).toMatchObject({ status: "completed", details: { tool_calls: [{ id: "call_a", function: { output: 'ran add {"a":1}' }, server_tool: { type: "mcp", server_label: "kb", tool: "add", status: "completed", duration_ms: 3 } }] } });
    const last = world.events.filter((event) => event.event === "thread.run.step.delta").at(-1)!.data as { delta: { step_details: { tool_calls: object[] } } };
    // Name and arguments streamed already: sent again, the SDK's folding would show them twice.
    expect(last.delta.step_details.tool_calls[0]).toEqual({ index: 0, type: "function", function: { output: 'ran add {"a":1}' }, server_tool: expect.objectContaining({ status: "completed" }) });
    expect(JSON.stringify(world.prompts[1])).toContain('ran add {\\"a\\":1}');
  });

  it("waits for approvals first, running what needs none, and the client's calls after", async () => {
    const catalog = fakeCatalog([{ name: "add" }, { name: "delete_all", needsApproval: true }]);
    const world = fakeWorld([{ parts: toolParts([{ id: "c_add", name: "add", input: "{}" }, { id: "c_del", name: "delete_all", input: '{"x":1}' }, { id: "c_client", name: "client_fn", input: "{}" }]) }], { serverTools: catalog });
    expect(await runSegment(fakeRun(), new AbortController(), world.io, start)).toBe("requires_action");
    expect(catalog.ran).toEqual(["c_add"]);
    expect(lastEnd(world).data).toMatchObject({
      status: "requires_action",
      requiredAction: { type: "submit_tool_approvals", submit_tool_approvals: { tool_calls: [{ id: "c_del", type: "function", function: { name: "delete_all", arguments: '{"x":1}' }, server_tool: { type: "mcp", server_label: "kb", tool: "delete_all" } }] } },
    });
    expect(waitingCalls(world).map((call) => call.type === "function" && [call.id, call.server_tool?.status ?? null, call.function.output])).toEqual([
      ["c_add", "completed", "ran add {}"],
      ["c_del", "awaiting_approval", null],
      ["c_client", null, null],
    ]);
    expect(names(world).at(-1)).toBe("thread.run.requires_action");
  });

  it("resumes approved: the call runs, then the model goes on with its output", async () => {
    const catalog = fakeCatalog([{ name: "delete_all", needsApproval: true }]);
    const waiting = decidedStep([{ id: "c_del", type: "function", function: { name: "delete_all", arguments: "{}", output: null }, server_tool: { type: "mcp", server_label: "kb", tool: "delete_all", status: "awaiting_approval" } }], { c_del: { approve: true } });
    const world = fakeWorld([{ parts: textParts("deleted") }], { serverTools: catalog, pendingToolStep: () => waiting, run: fakeRun({ status: "queued" }) });
    expect(await runSegment(fakeRun({ status: "queued" }), new AbortController(), world.io)).toBe("completed");
    expect(catalog.ran).toEqual(["c_del"]);
    expect(names(world).slice(0, 3)).toEqual(["thread.run.in_progress", "thread.run.step.in_progress", "thread.run.step.delta"]);
    expect(world.ends[0]!.steps).toEqual([{ id: "step_waiting", status: "completed", details: { type: "tool_calls", tool_calls: [expect.objectContaining({ function: expect.objectContaining({ output: "ran delete_all {}" }), server_tool: expect.objectContaining({ status: "completed", approval: { approved: true, reason: null } }) })] } }]);
    expect(JSON.stringify(world.prompts[0])).toContain("ran delete_all {}");
  });

  it("resumes denied: nothing runs, the model reads the denial; the turn's client call is asked for next", async () => {
    const catalog = fakeCatalog([{ name: "delete_all", needsApproval: true }]);
    const calls: StepToolCall[] = [
      { id: "c_del", type: "function", function: { name: "delete_all", arguments: "{}", output: null }, server_tool: { type: "mcp", server_label: "kb", tool: "delete_all", status: "awaiting_approval" } },
      { id: "c_client", type: "function", function: { name: "client_fn", arguments: "{}", output: null } },
    ];
    const world = fakeWorld([], { serverTools: catalog, pendingToolStep: () => decidedStep(calls, { c_del: { approve: false, reason: "not today" } }), run: fakeRun({ status: "queued" }) });
    expect(await runSegment(fakeRun({ status: "queued" }), new AbortController(), world.io)).toBe("requires_action");
    expect(catalog.ran).toEqual([]);
    expect(world.modelCalls).toBe(0);
    expect(lastEnd(world).data).toMatchObject({ requiredAction: { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: [{ id: "c_client" }] } } });
    expect(lastEnd(world).steps).toEqual([expect.objectContaining({ id: "step_waiting", status: "in_progress" })]);
    expect(waitingCalls(world)[0]).toMatchObject({ function: { output: "The user denied this call: not today" }, server_tool: { status: "denied" } });
  });

  it("a call whose tool left the registry while the run waited answers so, and the run goes on", async () => {
    const waiting = decidedStep([{ id: "c_gone", type: "function", function: { name: "gone", arguments: "{}", output: null }, server_tool: { type: "mcp", server_label: "kb", tool: "gone", status: "awaiting_approval" } }], { c_gone: { approve: true } });
    const world = fakeWorld([{ parts: textParts("ok") }], { serverTools: fakeCatalog([{ name: "add" }]), pendingToolStep: () => waiting, run: fakeRun({ status: "queued" }) });
    expect(await runSegment(fakeRun({ status: "queued" }), new AbortController(), world.io)).toBe("completed");
    expect(JSON.stringify(world.prompts[0])).toContain("is no longer available");
  });

  it("ends cancelled when cancelled while an approved call runs", async () => {
    const waiting = decidedStep([{ id: "c_slow", type: "function", function: { name: "slow", arguments: "{}", output: null }, server_tool: { type: "mcp", server_label: "kb", tool: "slow", status: "awaiting_approval" } }], { c_slow: { approve: true } });
    const world = fakeWorld([], { serverTools: fakeCatalog([{ name: "slow", needsApproval: true }]), pendingToolStep: () => waiting, run: fakeRun({ status: "queued" }) });
    const control = new AbortController();
    setTimeout(() => control.abort(), 50);
    expect(await runSegment(fakeRun({ status: "queued" }), control, world.io)).toBe("cancelled");
    expect(world.modelCalls).toBe(0);
  });
});
