import { describe, expect, it } from "vitest";
import { backoffDelay, isTransientDbError, withDbRetry } from "@/lib/runs/data/retry";

describe("isTransientDbError", () => {
  it.each([
    [{ code: "57P01" }],
    [{ code: "08006" }],
    [{ code: "ECONNRESET" }],
    [{ code: "P1017" }],
    [new Error("Connection terminated unexpectedly")],
    [new Error("Invalid `prisma.message.update()` invocation: … Code: `57P01` …")],
    [{ message: "x", cause: { originalCode: "57P01" } }],
    [{ message: "x", meta: { driverAdapterError: { cause: { code: "40001" } } } }],
    [{ code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." }],
  ])("%o is transient", (error) => expect(isTransientDbError(error)).toBe(true));

  it.each([[{ code: "23505" }], [new Error("syntax error")], [null], ["57P01"], [{ code: "P2028", message: "Transaction API error: Transaction already closed" }]])("%o is not", (error) => expect(isTransientDbError(error)).toBe(false));
});

describe("withDbRetry", () => {
  it("retries transient faults and returns the eventual result", async () => {
    let calls = 0;
    const result = await withDbRetry(async () => {
      if (++calls < 3) throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
      return "ok";
    }, { firstDelayMs: 1 });
    expect([result, calls]).toEqual(["ok", 3]);
  });

  it("throws other errors at once, and transient ones once the budget is spent", async () => {
    let calls = 0;
    await expect(withDbRetry(async () => { calls++; throw new Error("syntax error"); })).rejects.toThrow("syntax");
    expect(calls).toBe(1);
    await expect(withDbRetry(async () => { throw { code: "57P01", message: "down" }; }, { budgetMs: 30, firstDelayMs: 5 })).rejects.toMatchObject({ code: "57P01" });
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffDelay(1, 100, 2000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 2000, () => 1)).toBe(400);
    expect(backoffDelay(10, 100, 2000, () => 1)).toBe(2000);
  });
});
