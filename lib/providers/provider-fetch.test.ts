import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerFetch } from "@/lib/providers/provider-fetch";

// The providers' fetch (undici's) must behave like fetch wherever the AI SDK relies on it: streamed bodies as
// they arrive, request bodies and headers sent as given, errors of the same kinds (TypeError
// "fetch failed" with a cause, the abort reason), and no redirect followed. Against a real server.

let server: Server;
let base: string;
let releaseSlow: (() => void) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.url === "/echo") {
        res.writeHead(201, { "content-type": "application/json", "x-custom": "yes" });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null, type: req.headers["content-type"] ?? null }));
      } else if (req.url === "/stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.flushHeaders();
        res.write("data: one\n\n");
        // The second chunk waits for the test, so the first must be readable on its own.
        releaseSlow = () => res.end("data: two\n\n");
      } else if (req.url === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(JSON.stringify({ zipped: true })));
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else if (req.url === "/hang") {
        // never answers: the abort test ends it
      } else if (req.url === "/drop") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: partial\n\n", () => setTimeout(() => res.destroy(), 20));
      } else {
        res.writeHead(404).end("not here");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("providerFetch (undici)", () => {
  it("sends the method, headers and body, and returns status, headers and body", async () => {
    const response = await providerFetch(`${base}/echo`, { method: "POST", headers: { authorization: "Bearer sk-1", "content-type": "application/json" }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-custom")).toBe("yes");
    expect(await response.json()).toEqual({ method: "POST", body: '{"a":1}', auth: "Bearer sk-1", type: "application/json" });
  });

  it("accepts a Headers object and byte bodies", async () => {
    const response = await providerFetch(new URL(`${base}/echo`), { method: "PUT", headers: new Headers({ authorization: "Bearer sk-2" }), body: new TextEncoder().encode("bytes") });
    expect(await response.json()).toMatchObject({ method: "PUT", body: "bytes", auth: "Bearer sk-2" });
  });

  it("streams the body as it arrives", async () => {
    const response = await providerFetch(`${base}/stream`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe("data: one\n\n");
    releaseSlow!();
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += part.value;
    expect(rest).toBe("data: two\n\n");
  });

  it("decodes a gzip body", async () => {
    expect(await (await providerFetch(`${base}/gzip`)).json()).toEqual({ zipped: true });
  });

  it("returns a redirect instead of following it, and a 204 without a body", async () => {
    const moved = await providerFetch(`${base}/redirect`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe("http://127.0.0.1:1/elsewhere");
    const empty = await providerFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it("fails like fetch when nothing listens", async () => {
    // A port that was free a moment ago (fetch refuses well-known "bad ports" such as 1 before connecting).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await providerFetch(`http://127.0.0.1:${closedPort}/nothing`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("rejects with the abort reason, before or while waiting for an answer", async () => {
    await expect(providerFetch(`${base}/echo`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    const control = new AbortController();
    const pending = providerFetch(`${base}/hang`, { signal: control.signal });
    setTimeout(() => control.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("errors the body when aborted or dropped mid-stream", async () => {
    const control = new AbortController();
    const response = await providerFetch(`${base}/stream`, { signal: control.signal });
    const reader = response.body!.getReader();
    await reader.read();
    control.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    releaseSlow!();

    const dropped = await providerFetch(`${base}/drop`);
    const text = dropped.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await text.read()).value).toBe("data: partial\n\n");
    await expect(text.read()).rejects.toThrow();
  });

  it("refuses protocols it cannot speak", async () => {
    await expect(providerFetch("ftp://127.0.0.1/file")).rejects.toThrow(TypeError);
  });
});
