import { describe, expect, it } from "vitest";
import { routePattern } from "@/lib/api/request-log";

describe("routePattern", () => {
  it("names each dynamic segment by its param, in path order", () => {
    expect(routePattern("/api/v1/threads/thread_a/runs/run_b/steps", { thread_id: "thread_a", run_id: "run_b" })).toBe(
      "/api/v1/threads/{thread_id}/runs/{run_id}/steps",
    );
    // Two params with the same value each take their own segment.
    expect(routePattern("/api/v1/threads/x/runs/x", { thread_id: "x", run_id: "x" })).toBe("/api/v1/threads/{thread_id}/runs/{run_id}");
  });

  it("matches params Next decoded against the encoded path, and leaves static routes as they are", () => {
    expect(routePattern("/api/v1/assistants/asst%5F1", { assistant_id: "asst_1" })).toBe("/api/v1/assistants/{assistant_id}");
    expect(routePattern("/api/v1/assistants", null)).toBe("/api/v1/assistants");
    expect(routePattern("/api/v1/threads/runs", {})).toBe("/api/v1/threads/runs");
  });
});
