import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { CONNECT_ATTEMPTS, isConnectFailure, withConnectRetries } from "@/lib/providers/connect-retry";

const connectFailure = () => new APICallError({ message: "Cannot connect to API: read ECONNRESET", url: "http://m/v1/chat/completions", requestBodyValues: {}, isRetryable: true });
const answered = () => new APICallError({ message: "Internal error", url: "http://m/v1/chat/completions", requestBodyValues: {}, statusCode: 500, isRetryable: true });

function failing(errors: Error[]) {
  let calls = 0;
  const start = async () => {
    calls++;
    const error = errors.shift();
    if (error) throw error;
    return "stream";
  };
  return { start, calls: () => calls };
}

describe("withConnectRetries", () => {
  it("tries a connection that could not be made again, up to three attempts in all", async () => {
    const once = failing([connectFailure()]);
    await expect(withConnectRetries(once.start, undefined, 1)).resolves.toBe("stream");
    expect(once.calls()).toBe(2);
    const always = failing(Array.from({ length: 5 }, connectFailure));
    await expect(withConnectRetries(always.start, undefined, 1)).rejects.toThrow("ECONNRESET");
    expect(always.calls()).toBe(CONNECT_ATTEMPTS);
  });

  it("never sends again what got an answer, or any other failure", async () => {
    for (const error of [answered(), new Error("Failed to process successful response"), new DOMException("aborted", "AbortError")]) {
      const call = failing([error]);
      await expect(withConnectRetries(call.start, undefined, 1)).rejects.toBe(error);
      expect(call.calls()).toBe(1);
    }
    expect(isConnectFailure(answered())).toBe(false);
  });

  it("stops waiting when the call is aborted", async () => {
    const controller = new AbortController();
    const call = failing([connectFailure(), connectFailure()]);
    const pending = withConnectRetries(call.start, controller.signal, 10_000);
    setTimeout(() => controller.abort(new Error("cancelled")), 20);
    await expect(pending).rejects.toThrow("cancelled");
    expect(call.calls()).toBe(1);
  });
});
