import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { action, callAction, createUser, type TestUser } from "./support/console";
import { provision, releaseDatabase } from "./support/workspace";

// Brute force against the real sign-in action: after ATELIER_SIGNIN_MAX_FAILURES (5) wrong
// passwords the account is locked for ATELIER_SIGNIN_LOCK_SECONDS (3 s on the test server), even
// for the right password; once the lock runs out the real user gets in. An email without an account
// gets the very same answers, so the responses do not reveal who has one.

const WRONG = "Email or password is incorrect.";

let user: TestUser;

beforeAll(async () => {
  user = await provision((lib) => createUser(lib, "brute"));
});
afterAll(releaseDatabase);

const signIn = (email: string, password: string) => callAction(action("signIn"), { email, password });

/**
 * A sign-in over a connection from `address` (any 127.x.y.z reaches the loopback-bound server),
 * carrying a forged X-Forwarded-For that changes on every call: the server trusts no proxy, so it
 * must key on the socket's address, not on the header.
 */
const signInFrom = (address: string, email: string, password: string) =>
  new Promise<{ ok: boolean; code?: string }>((resolve, reject) => {
    const url = new URL("/sign-in", inject("baseURL"));
    const body = JSON.stringify([{ email, password }]);
    const request = httpRequest(
      url,
      {
        method: "POST",
        localAddress: address,
        headers: {
          "next-action": action("signIn").id,
          "content-type": "text/plain;charset=UTF-8",
          origin: inject("baseURL"),
          "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
          "content-length": Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          if (response.headers["x-action-redirect"]) return resolve({ ok: true });
          const row = text.split("\n").find((line) => line.startsWith("1:"));
          if (!row) return reject(new Error(`sign-in from ${address} answered ${response.statusCode}: ${text.slice(0, 200)}`));
          resolve(JSON.parse(row.slice(2)) as { ok: boolean; code?: string });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });

async function twentyWrong(email: string): Promise<string[]> {
  const codes: string[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const outcome = await signIn(email, `wrong password ${attempt}`);
    expect(outcome.sessionCookie).toBeNull();
    expect(outcome.result?.ok).toBe(false);
    codes.push(`${outcome.result?.code}: ${outcome.result?.code === "unauthorized" ? outcome.result?.message : "locked"}`);
  }
  return codes;
}

describe("sign-in brute force", () => {
  it("locks the account after 5 wrong passwords, refuses even the right one while locked, and lets the user in after the lock", async () => {
    const codes = await twentyWrong(user.email);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill(`unauthorized: ${WRONG}`));
    // The fifth failure starts the lock, and says so at once.
    expect(codes.slice(4)).toEqual(Array(16).fill("rate_limited: locked"));

    const whileLocked = await signIn(user.email, user.password);
    expect(whileLocked.sessionCookie).toBeNull();
    expect(whileLocked.result).toMatchObject({ ok: false, code: "rate_limited" });
    expect(whileLocked.result?.message).toMatch(/Too many failed sign-in attempts.*try again in \d+ seconds?/);

    await new Promise((resolve) => setTimeout(resolve, (inject("signInLockSeconds") + 1) * 1000));
    const after = await signIn(user.email, user.password);
    expect(after.redirect).toBe("/assistants");
    expect(after.sessionCookie).toMatch(/^atelier\.session_token=/);
  });

  it("answers an email without an account exactly like a real one", async () => {
    const codes = await twentyWrong(`nobody-${Date.now()}@example.test`);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill(`unauthorized: ${WRONG}`));
    expect(codes.slice(4)).toEqual(Array(16).fill("rate_limited: locked"));
  });

  it("locks one client address after 50 failures across many accounts, whatever X-Forwarded-For it sends, without locking other addresses", async () => {
    const attacker = "127.0.0.7";
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 50; attempt++) codes.push((await signInFrom(attacker, `spray-${attempt}@example.test`, "guess")).code);
    expect(codes.slice(0, 49).every((code) => code === "unauthorized")).toBe(true);
    expect(codes[49]).toBe("rate_limited");
    // The real user, from the locked address: refused; from their own: fine.
    expect(await signInFrom(attacker, user.email, user.password)).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await signInFrom("127.0.0.8", user.email, user.password)).toMatchObject({ ok: true });
  });

  it("counts a burst of parallel guesses before checking them: at most 5 are ever checked", async () => {
    const target = `burst-${Date.now()}@example.test`;
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, attempt) => signInFrom("127.0.0.9", target, `guess ${attempt}`)));
    const checked = outcomes.filter((outcome) => outcome.code === "unauthorized").length;
    expect(checked).toBeLessThanOrEqual(4);
    expect(outcomes.filter((outcome) => outcome.code === "rate_limited").length).toBeGreaterThanOrEqual(26);
    expect(outcomes.every((outcome) => outcome.ok === false)).toBe(true);
  });
});
