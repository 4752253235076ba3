import { describe, expect, it } from "vitest";
import {
  admitLocally,
  backlogAfterFetch,
  DETECTION_BUDGET_MS,
  LEASE_TIMINGS,
  lostInTouch,
  percentile,
  roomLeft,
  staleLeases,
  timingProblem,
  worstCaseDetectionMs,
} from "@/lib/runs/lease/rules";

describe("lease timings", () => {
  it("the shipped timings keep every promise, with a dead owner's runs resolved within 30 s", () => {
    expect(timingProblem(LEASE_TIMINGS)).toBeNull();
    expect(worstCaseDetectionMs(LEASE_TIMINGS)).toBe(24_000);
    expect(worstCaseDetectionMs(LEASE_TIMINGS)).toBeLessThanOrEqual(DETECTION_BUDGET_MS);
  });

  it("refuses a heartbeat pg-boss refuses, and a fence that could act after the monitor", () => {
    expect(timingProblem({ ...LEASE_TIMINGS, heartbeatSeconds: 5 })).toMatch(/>= 10/);
    // Checked at each 2 s tick, a 10.5 s fence can act at 12.5 s: after a 12 s lapse.
    expect(timingProblem({ ...LEASE_TIMINGS, fenceAfterMs: 10_500 })).toMatch(/before the monitor/);
    expect(timingProblem({ ...LEASE_TIMINGS, fenceAfterMs: 3_000 })).toMatch(/one failed touch/);
  });

  it("refuses timings that could leave a dead owner's runs waiting past the budget", () => {
    expect(timingProblem({ ...LEASE_TIMINGS, monitorSeconds: 60 })).toMatch(/over 30000/);
  });
});

describe("capacity and FIFO", () => {
  it("counts room left, never below zero", () => {
    expect(roomLeft(3, 1)).toBe(2);
    expect(roomLeft(3, 5)).toBe(0);
  });

  it("starts a new run here only with room and no older run waiting", () => {
    expect(admitLocally(1, false)).toBe(true);
    expect(admitLocally(0, false)).toBe(false);
    expect(admitLocally(5, true)).toBe(false);
  });

  it("takes a full fetch as a sign that more runs wait, and a short one as none", () => {
    expect(backlogAfterFetch(10, 10)).toBe(true);
    expect(backlogAfterFetch(10, 3)).toBe(false);
    expect(backlogAfterFetch(0, 0)).toBe(false);
  });
});

describe("lost leases", () => {
  it("reports the leases a touch asked for and did not settle", () => {
    expect(lostInTouch(["a", "b", "c"], ["c", "a"])).toEqual(["b"]);
    expect(lostInTouch(["a"], [])).toEqual(["a"]);
  });

  it("fences a lease whose last landed heartbeat was sent more than fenceAfterMs ago", () => {
    const leases = [{ id: "fresh", heartbeatSentAt: 9_000 }, { id: "edge", heartbeatSentAt: 3_000 }, { id: "stale", heartbeatSentAt: 2_999 }];
    expect(staleLeases(leases, 10_000, 7_000).map((lease) => lease.id)).toEqual(["stale"]);
  });
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });
});
