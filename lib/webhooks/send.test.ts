import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDelivery } from "@/lib/webhooks/send";

// Against a real receiver on 127.0.0.1 (allowed as the tests' ATELIER_TOOL_ALLOWED_HOSTS would).

let server: Server;
let base: string;
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (req.url === "/ok") res.writeHead(204).end();
      else if (req.url === "/busy") res.writeHead(429, { "retry-after": "7" }).end("slow down");
      else if (req.url === "/redirect") res.writeHead(307, { location: "http://127.0.0.1:1/" }).end();
      else if (req.url === "/big") res.writeHead(500).end("x".repeat(1_000_000));
      // /hang never answers
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const allowed = ["127.0.0.1"];

describe("attemptDelivery", () => {
  it("POSTs the body with the given headers and nothing of Atelier's", async () => {
    const record = await attemptDelivery(`${base}/ok`, '{"id":"evt_1"}', { "webhook-id": "evt_1" }, allowed);
    expect(record).toMatchObject({ outcome: { kind: "answered", status: 204 }, status: 204, error: null });
    const last = received.at(-1)!;
    expect(last.body).toBe('{"id":"evt_1"}');
    expect(last.headers).toMatchObject({ "webhook-id": "evt_1", "content-type": "application/json", "user-agent": "Atelier-Webhooks/1" });
    expect(last.headers.cookie).toBeUndefined();
    expect(last.headers.authorization).toBeUndefined();
  });

  it("passes Retry-After on, does not follow a redirect, and reads at most 1 KiB of an answer for the log", async () => {
    expect((await attemptDelivery(`${base}/busy`, "{}", {}, allowed)).outcome).toEqual({ kind: "answered", status: 429, retryAfter: "7" });
    expect((await attemptDelivery(`${base}/redirect`, "{}", {}, allowed)).status).toBe(307);
    const big = await attemptDelivery(`${base}/big`, "{}", {}, allowed);
    expect(big.status).toBe(500);
    expect(big.response).toHaveLength(1024);
  });

  it("refuses a private address that is not allowed, before and after DNS", async () => {
    const literal = await attemptDelivery(`${base}/ok`, "{}", {}, []);
    expect(literal.outcome.kind).toBe("refused");
    const port = new URL(base).port;
    const named = await attemptDelivery(`https://localhost:${port}/ok`, "{}", {}, []);
    expect(named).toMatchObject({ outcome: { kind: "refused" }, error: expect.stringMatching(/localhost resolves to .* not a public address/) });
  });

  it("a receiver that is not there is a network failure", async () => {
    const record = await attemptDelivery("http://127.0.0.1:1/", "{}", {}, allowed);
    expect(record.outcome).toMatchObject({ kind: "network", message: expect.stringContaining("ECONNREFUSED") });
  });

  it("a receiver that hangs times out after 10 s", { timeout: 20_000 }, async () => {
    const record = await attemptDelivery(`${base}/hang`, "{}", {}, allowed);
    expect(record.outcome).toEqual({ kind: "timeout" });
    expect(record.latencyMs).toBeGreaterThanOrEqual(9_500);
    expect(record.latencyMs).toBeLessThan(12_000);
  });
});
