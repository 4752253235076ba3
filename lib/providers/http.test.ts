import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseBoundFetch, fetchModelList, isUnderBaseUrl, ProviderHttpError } from "@/lib/providers/http";

// A provider's key must not leave for another host: requests outside the base URL are refused
// before anything is sent, and redirects are never followed. Checked against a real local server
// that redirects to a second one, which records whether the key reached it.

let provider: Server;
let elsewhere: Server;
let providerURL: string;
let elsewhereURL: string;
const reachedElsewhere: (string | undefined)[] = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    reachedElsewhere.push(req.headers.authorization);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "stolen" }] }));
  });
  elsewhereURL = await listen(elsewhere);
  provider = createServer((req, res) => {
    if (req.url === "/v1/models" && req.headers.authorization === "Bearer sk-good") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "m-1", created: 7, owned_by: "me" }, { id: 42 }, { id: "m-2" }] }));
    } else if (req.url?.startsWith("/moved/")) {
      res.writeHead(307, { location: `${elsewhereURL}${req.url}` }).end();
    } else if (req.url?.startsWith("/echo/")) {
      // A provider that quotes the key it was sent in its error.
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization?.slice(7)}` } }));
    } else if (req.url === "/html/models") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>");
    } else {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided." } }));
    }
  });
  providerURL = await listen(provider);
});

afterAll(async () => {
  await Promise.all([provider, elsewhere].map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("isUnderBaseUrl", () => {
  it.each([
    ["http://h:1/v1/chat/completions", true],
    ["http://h:1/v1", true],
    ["http://h:1/v10/chat", false],
    ["http://h:1/other", false],
    ["http://h:2/v1/chat", false],
    ["https://h:1/v1/chat", false],
    ["http://evil:1/v1/chat", false],
  ])("%s under http://h:1/v1 → %s", (url, expected) => {
    expect(isUnderBaseUrl(new URL(url), "http://h:1/v1/")).toBe(expected);
  });
});

describe("baseBoundFetch", () => {
  it("sends requests under the base URL", async () => {
    const response = await baseBoundFetch(`${providerURL}/v1`)(`${providerURL}/v1/models`, { headers: { authorization: "Bearer sk-good" } });
    expect(response.status).toBe(200);
  });

  it("refuses a URL outside the base URL without sending anything", async () => {
    const before = reachedElsewhere.length;
    await expect(baseBoundFetch(`${providerURL}/v1`)(`${elsewhereURL}/v1/models`, { headers: { authorization: "Bearer sk-good" } })).rejects.toThrow(ProviderHttpError);
    expect(reachedElsewhere.length).toBe(before);
  });

  it("hands on an error answer with the key it quotes replaced by its hint", async () => {
    const key = "sk-echoed-0123456789-wxyz";
    const response = await baseBoundFetch(`${providerURL}/echo`)(`${providerURL}/echo/chat/completions`, { method: "POST", headers: { Authorization: `Bearer ${key}` }, body: "{}" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: "Incorrect API key provided: …wxyz" } });
    const asRequest = await baseBoundFetch(`${providerURL}/echo`)(new Request(`${providerURL}/echo/models`, { headers: { authorization: `Bearer ${key}` } }));
    expect(await asRequest.text()).not.toContain(key);
  });

  it("turns a redirect into an error and does not follow it with the key", async () => {
    const before = reachedElsewhere.length;
    await expect(baseBoundFetch(`${providerURL}/moved`)(`${providerURL}/moved/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-good" }, body: "{}" })).rejects.toThrow(
      /redirect \(HTTP 307\)/,
    );
    expect(reachedElsewhere.length).toBe(before);
  });
});

describe("fetchModelList", () => {
  it("lists the models with the key, latency and status, skipping malformed entries", async () => {
    const result = await fetchModelList(`${providerURL}/v1`, "sk-good");
    expect(result).toMatchObject({ ok: true, status: 200, models: [{ id: "m-1", created: 7, owned_by: "me" }, { id: "m-2", created: 0, owned_by: "" }] });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the provider's error message and status", async () => {
    expect(await fetchModelList(`${providerURL}/v1`, "sk-bad")).toMatchObject({ ok: false, status: 401, error: "HTTP 401: Incorrect API key provided." });
  });

  it("replaces the key in an error that quotes it", async () => {
    const key = "sk-echoed-0123456789-wxyz";
    expect(await fetchModelList(`${providerURL}/echo`, key)).toMatchObject({ ok: false, status: 401, error: "HTTP 401: Incorrect API key provided: …wxyz" });
  });

  it("does not follow a redirect", async () => {
    const before = reachedElsewhere.length;
    const result = await fetchModelList(`${providerURL}/moved`, "sk-good");
    expect(result).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/does not follow redirects/) });
    expect(reachedElsewhere.length).toBe(before);
  });

  it("says when the answer is not a model list", async () => {
    expect(await fetchModelList(`${providerURL}/html`, null)).toMatchObject({ ok: false, status: 200, error: expect.stringMatching(/not JSON/) });
  });

  it("says when nothing answers", async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await fetchModelList(`${url}/v1`, null)).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/Could not reach the provider/) });
  });
});
