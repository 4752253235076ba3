import { describe, expect, it } from "vitest";
import { FIRST_RETRY_MS, GIVE_UP_AFTER_MS, MAX_WAIT_MS, nextStep, retryAfterMs, type AttemptOutcome } from "@/lib/webhooks/retry";

const T0 = Date.parse("2026-12-06T12:00:00Z");

describe("nextStep", () => {
  it("2xx is delivered", () => {
    expect(nextStep({ kind: "answered", status: 204 }, 1, T0, T0, 0.5)).toEqual({ action: "delivered" });
  });

  it.each([400, 401, 404, 410, 422])("%i is not retried", (status) => {
    expect(nextStep({ kind: "answered", status }, 1, T0, T0, 0.5)).toEqual({ action: "failed", reason: `HTTP ${status}: not retried` });
  });

  it("a redirect is not followed nor retried; a refused address is not retried", () => {
    expect(nextStep({ kind: "answered", status: 302 }, 1, T0, T0, 0.5)).toMatchObject({ action: "failed", reason: expect.stringContaining("redirects") });
    expect(nextStep({ kind: "refused", message: "not a public address" }, 1, T0, T0, 0.5)).toEqual({ action: "failed", reason: "not a public address" });
  });

  it.each<AttemptOutcome>([{ kind: "answered", status: 500 }, { kind: "answered", status: 503 }, { kind: "answered", status: 429 }, { kind: "timeout" }, { kind: "network", message: "ECONNREFUSED" }])(
    "retries %o with backoff and jitter",
    (outcome) => {
      const low = nextStep(outcome, 1, T0, T0, 0);
      const high = nextStep(outcome, 1, T0, T0, 0.999999);
      expect(low).toEqual({ action: "retry", at: T0 + FIRST_RETRY_MS * 0.8 });
      expect(high.action === "retry" && high.at).toBeCloseTo(T0 + FIRST_RETRY_MS * 1.2, -1);
      expect(nextStep(outcome, 3, T0, T0, 0.5)).toEqual({ action: "retry", at: T0 + FIRST_RETRY_MS * 9 });
    },
  );

  it("honours Retry-After (seconds or a date), at least 1 s and at most the longest wait", () => {
    expect(nextStep({ kind: "answered", status: 429, retryAfter: "120" }, 1, T0, T0, 0.5)).toEqual({ action: "retry", at: T0 + 120_000 });
    expect(nextStep({ kind: "answered", status: 503, retryAfter: new Date(T0 + 30_000).toUTCString() }, 1, T0, T0, 0.5)).toEqual({ action: "retry", at: T0 + 30_000 });
    expect(nextStep({ kind: "answered", status: 503, retryAfter: "0" }, 1, T0, T0, 0.5)).toEqual({ action: "retry", at: T0 + 1000 });
    expect(nextStep({ kind: "answered", status: 503, retryAfter: "999999" }, 1, T0, T0, 0.5)).toEqual({ action: "retry", at: T0 + MAX_WAIT_MS });
  });

  it("keeps trying for about a day, then gives up", () => {
    let now = T0;
    let attempt = 1;
    for (;;) {
      const step = nextStep({ kind: "timeout" }, attempt, T0, now, 0.5);
      if (step.action !== "retry") {
        expect(step.action).toBe("failed");
        break;
      }
      expect(step.at - now).toBeLessThanOrEqual(MAX_WAIT_MS);
      now = step.at;
      attempt += 1;
    }
    expect(attempt).toBeGreaterThanOrEqual(9);
    expect(attempt).toBeLessThanOrEqual(12);
    expect(now - T0).toBeGreaterThan(GIVE_UP_AFTER_MS - MAX_WAIT_MS);
    expect(now - T0).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and ignores the rest", () => {
    expect(retryAfterMs("5", T0)).toBe(5000);
    expect(retryAfterMs(new Date(T0 + 60_000).toUTCString(), T0)).toBe(60_000);
    expect(retryAfterMs(new Date(T0 - 60_000).toUTCString(), T0)).toBe(0);
    expect(retryAfterMs("soon", T0)).toBeNull();
    expect(retryAfterMs(null, T0)).toBeNull();
  });
});
