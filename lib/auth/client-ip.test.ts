import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { stampRequest } from "@/lib/auth/peer-address";
import { HEADER_KEY, type WithHeader } from "@/lib/auth/peer-header";
import { resetEnvForTests } from "@/lib/env";

const PEER = "x-atelier-peer-test";
const global = globalThis as WithHeader;

/** A request as Node hands it over (`headers` from the client), after the hook has stamped it. */
function arrived(clientHeaders: Record<string, string>, remoteAddress: string | undefined, trustProxy: boolean): Headers {
  const socket = Object.defineProperty(new Socket(), "remoteAddress", { value: remoteAddress });
  const request = { headers: { ...clientHeaders } as Record<string, string | undefined>, socket };
  stampRequest(request as never, PEER, trustProxy);
  return new Headers(Object.entries(request.headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

afterEach(() => {
  delete process.env.ATELIER_TRUST_PROXY;
  delete global[HEADER_KEY];
  resetEnvForTests();
});

describe("clientIp", () => {
  it("without a trusted proxy, is the socket's address whatever X-Forwarded-For says", () => {
    global[HEADER_KEY] = PEER;
    const headers = arrived({ "x-forwarded-for": "198.51.100.7", "x-forwarded-host": "evil.example" }, "127.0.0.5", false);
    expect(clientIp(headers)).toBe("127.0.0.5");
    // The client's forwarding headers are gone, so Next fills them from the socket and Host.
    expect(headers.has("x-forwarded-for")).toBe(false);
    expect(headers.has("x-forwarded-host")).toBe(false);
  });

  it("without a trusted proxy, is null when the hook recorded nothing, never the client's header", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBeNull();
    global[HEADER_KEY] = PEER;
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBeNull();
    // A client that sends the header name itself is overwritten by the socket's address.
    expect(clientIp(arrived({ [PEER]: "198.51.100.7" }, "127.0.0.6", false))).toBe("127.0.0.6");
    expect(clientIp(arrived({ [PEER]: "198.51.100.7" }, undefined, false))).toBeNull();
  });

  it("behind a trusted proxy, takes the address the proxy appended, and keeps the forwarding headers", () => {
    process.env.ATELIER_TRUST_PROXY = "true";
    resetEnvForTests();
    global[HEADER_KEY] = PEER;
    const headers = arrived({ "x-forwarded-for": "1.2.3.4, 203.0.113.9", "x-forwarded-host": "atelier.example" }, "10.0.0.2", true);
    expect(clientIp(headers)).toBe("203.0.113.9");
    expect(headers.get("x-forwarded-host")).toBe("atelier.example");
    expect(clientIp(new Headers())).toBeNull();
  });
});
