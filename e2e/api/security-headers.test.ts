import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { action, callAction, createUser, type TestUser } from "./support/console";
import { provision, releaseDatabase } from "./support/workspace";

// Hardening as the browser sees it: pages carry a per-request CSP nonce (no 'unsafe-eval' in
// production) that every script tag uses; every response says nosniff, a referrer policy and no
// framing; the session cookie is HttpOnly, SameSite=Lax, and Secure when the request came over https.

let user: TestUser;
beforeAll(async () => {
  user = await provision((lib) => createUser(lib, "headers"));
});
afterAll(releaseDatabase);

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${inject("baseURL")}${path}`, { headers, redirect: "manual" });

describe("security headers", () => {
  it("a page has a nonce-based CSP without unsafe-eval, and its scripts carry that nonce", async () => {
    const response = await get("/sign-in");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A new nonce per request.
    const again = (await get("/sign-in")).headers.get("content-security-policy")!;
    expect(again).not.toBe(csp);
  });

  it.each(["/sign-in", "/api/v1/assistants", "/api/health"])("%s says nosniff, a referrer policy and no framing", async (path) => {
    const response = await get(path);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("a console page without a session redirects to sign-in and renders nothing", async () => {
    const response = await get("/settings/api-keys");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/sign-in\?next=%2Fsettings%2Fapi-keys$/);
    expect(await response.text()).not.toContain("API keys");
  });
});

describe("session cookie", () => {
  it("is HttpOnly and SameSite=Lax, and not Secure over plain http", async () => {
    const response = await fetch(`${inject("baseURL")}/sign-in`, {
      method: "POST",
      headers: { "next-action": action("signIn").id, "content-type": "text/plain;charset=UTF-8", origin: inject("baseURL") },
      body: JSON.stringify([{ email: user.email, password: user.password }]),
      redirect: "manual",
    });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith("atelier.session_token="))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("is Secure (and __Secure- prefixed) when the request came over https through a proxy", async () => {
    const response = await fetch(`${inject("baseURL")}/sign-in`, {
      method: "POST",
      headers: {
        "next-action": action("signIn").id,
        "content-type": "text/plain;charset=UTF-8",
        origin: inject("baseURL"),
        "x-forwarded-proto": "https",
      },
      body: JSON.stringify([{ email: user.email, password: user.password }]),
      redirect: "manual",
    });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith("__Secure-atelier.session_token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect((await callAction(action("signIn"), { email: user.email, password: user.password })).sessionCookie).toMatch(/^atelier\./);
  });
});
