import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutboundUrl, guardedLookup, isAllowedHost, isPublicAddress, OutboundRefused } from "@/lib/security/outbound";

describe("isPublicAddress", () => {
  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => expect(isPublicAddress(address)).toBe(true));
  it.each([
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "not an ip",
  ])("%s is not", (address) => expect(isPublicAddress(address)).toBe(false));
});

describe("isAllowedHost", () => {
  const allowed = ["localhost", "hooks.internal:8080", "10.0.0.5", "[::1]:9000"];
  it("matches names and IPs, with or without a port", () => {
    expect(isAllowedHost("LOCALHOST", "3000", allowed)).toBe(true);
    expect(isAllowedHost("hooks.internal", "8080", allowed)).toBe(true);
    expect(isAllowedHost("hooks.internal", "80", allowed)).toBe(false);
    expect(isAllowedHost("10.0.0.5", "443", allowed)).toBe(true);
    expect(isAllowedHost("[::1]", "9000", allowed)).toBe(true);
    expect(isAllowedHost("::1", "9001", allowed)).toBe(false);
    expect(isAllowedHost("evil.localhost.example", "443", allowed)).toBe(false);
  });
});

describe("checkOutboundUrl", () => {
  const refused = (url: string, allowed: string[] = []) => {
    try {
      checkOutboundUrl(url, allowed);
    } catch (error) {
      expect(error).toBeInstanceOf(OutboundRefused);
      return (error as Error).message;
    }
    throw new Error(`${url} was accepted`);
  };

  it("accepts public https URLs", () => {
    expect(checkOutboundUrl("https://hooks.example.com/atelier", []).hostname).toBe("hooks.example.com");
    expect(checkOutboundUrl("https://8.8.8.8/x", []).hostname).toBe("8.8.8.8");
  });

  it("refuses http, other schemes, credentials and private literals, unless the host is allowed", () => {
    expect(refused("http://hooks.example.com/")).toMatch(/Only https/);
    expect(refused("ftp://hooks.example.com/")).toMatch(/not ftp:/);
    expect(refused("https://user:pw@hooks.example.com/")).toMatch(/user name or password/);
    expect(refused("https://169.254.169.254/latest/meta-data")).toMatch(/not a public address/);
    expect(refused("https://[::1]/")).toMatch(/not a public address/);
    expect(refused("not a url")).toMatch(/not a valid/);
    expect(checkOutboundUrl("http://127.0.0.1:8080/hook", ["127.0.0.1"]).port).toBe("8080");
    expect(refused("http://127.0.0.1:8080/hook", ["127.0.0.1:9090"])).toMatch(/Only https/);
  });
});

describe("guardedLookup", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchVia = async (allowed: string[]) => {
    const dispatcher = new Agent({ connect: { lookup: guardedLookup(() => allowed) } });
    try {
      const response = await request(`http://localhost:${port}/`, { dispatcher });
      return await response.body.text();
    } finally {
      await dispatcher.close();
    }
  };

  it("refuses a name that resolves to a private address, at connect time", async () => {
    const error = await fetchVia([]).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/localhost resolves to .* not a public address/);
  });

  it("connects when the name is allowed", async () => {
    expect(await fetchVia([`localhost:${port}`])).toBe("reached");
  });
});
