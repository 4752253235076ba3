import { describe, expect, inject, it } from "vitest";

// Readiness as load balancers and the test harness see it: no credentials, database reachable,
// every migration in prisma/migrations applied (the global setup migrated a fresh database).

describe("GET /api/health", () => {
  it("answers 200 without authentication, with no pending migrations", async () => {
    const response = await fetch(`${inject("baseURL")}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    const body = await response.json();
    expect(body).toEqual({ status: "ok", database: "ok", pendingMigrations: [] });
  });

  it("ignores credentials, good or bad", async () => {
    for (const authorization of [`Bearer ${inject("adminKey")}`, "Bearer wrong-key", "Basic eDp5"]) {
      const response = await fetch(`${inject("baseURL")}/api/health`, { headers: { authorization } });
      expect(response.status, authorization).toBe(200);
      expect((await response.json()).pendingMigrations).toEqual([]);
    }
  });
});
