import { describe, expect, it } from "vitest";
import type { Run } from "@/lib/generated/prisma/client";
import { toRunTimings } from "@/lib/runs/model-calls";

// The `timings` extension of a run object: the run's start and end to the millisecond, and its
// model calls as the engine recorded them.

const T = Date.UTC(2026, 11, 6, 3, 0, 0, 123);
const call = { started_at: T + 4, first_token_at: T + 40, ended_at: T + 900, completion_tokens: 12 };

const row = (extra: Partial<Run>): Run =>
  ({ createdAt: new Date(T), startedAt: new Date(T), completedAt: null, failedAt: null, cancelledAt: null, expiresAt: null, status: "in_progress", modelCalls: null, ...extra }) as Run;

describe("toRunTimings", () => {
  it("keeps milliseconds, which the API's whole-second timestamps lose", () => {
    expect(toRunTimings(row({ status: "completed", completedAt: new Date(T + 950), modelCalls: [call] }))).toEqual({ created_at: T, ended_at: T + 950, model_calls: [call] });
  });

  it("has no end while the run goes on, and no calls before the first one ends", () => {
    expect(toRunTimings(row({}))).toEqual({ created_at: T, ended_at: null, model_calls: [] });
    expect(toRunTimings(row({ status: "requires_action", expiresAt: new Date(T + 600_000), modelCalls: [call] }))).toMatchObject({ ended_at: null });
  });

  it("ends an incomplete run with its last model call and an expired one at its deadline", () => {
    expect(toRunTimings(row({ status: "incomplete", modelCalls: [call] })).ended_at).toBe(T + 900);
    expect(toRunTimings(row({ status: "expired", expiresAt: new Date(T + 600_000), modelCalls: [call] })).ended_at).toBe(T + 600_000);
    expect(toRunTimings(row({ status: "failed", failedAt: new Date(T + 20) })).ended_at).toBe(T + 20);
    expect(toRunTimings(row({ status: "cancelled", cancelledAt: new Date(T + 30) })).ended_at).toBe(T + 30);
  });
});
