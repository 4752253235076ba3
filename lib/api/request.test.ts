import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readJsonBody, searchParamsObject } from "@/lib/api/request";
import { AppError } from "@/lib/errors";

const URL_ = "http://localhost/api/v1/assistants";
const MiB = 1024 * 1024;

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: "POST", body, headers });
}

/** A body with no content-length, sent in chunks as a chunked upload would be. */
function chunked(bytes: number, headers: Record<string, string> = {}, chunk = 64 * 1024): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let left = bytes; left > 0; left -= chunk) controller.enqueue(new Uint8Array(Math.min(chunk, left)).fill(0x20));
      controller.close();
    },
  });
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A one-chunk stream body: no content-length and, unlike a string body, no default content-type. */
function streamed(text: string, headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** `{"a":"xxx…"}` of exactly `bytes` bytes. */
const jsonOfSize = (bytes: number) => `{"a":"${"x".repeat(bytes - 8)}"}`;

async function rejection(request: Request): Promise<AppError> {
  let thrown: unknown;
  try {
    await readJsonBody(request);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected readJsonBody to reject with an AppError").toBeInstanceOf(AppError);
  return thrown as AppError;
}

describe("readJsonBody", () => {
  it("is limited to 1 MiB", () => {
    expect(MAX_BODY_BYTES).toBe(MiB);
  });

  it("parses a JSON body", async () => {
    await expect(readJsonBody(post('{"model":"gpt-4o","tools":[]}', { "content-type": "application/json" }))).resolves.toEqual({
      model: "gpt-4o",
      tools: [],
    });
  });

  it.each(["application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON", "application/vnd.api+json"])(
    "accepts content-type %s",
    async (contentType) => {
      await expect(readJsonBody(post('{"a":1}', { "content-type": contentType }))).resolves.toEqual({ a: 1 });
    },
  );

  it("keeps non-ASCII text", async () => {
    await expect(readJsonBody(post('{"name":"Ünïcødé ✓ 助手"}', { "content-type": "application/json" }))).resolves.toEqual({
      name: "Ünïcødé ✓ 助手",
    });
  });

  it("reads a missing body as {}", async () => {
    await expect(readJsonBody(post(null))).resolves.toEqual({});
  });

  it("reads an empty or blank body as {} whatever the content-type", async () => {
    await expect(readJsonBody(post("", { "content-type": "application/json" }))).resolves.toEqual({});
    await expect(readJsonBody(post("  \n", { "content-type": "text/plain" }))).resolves.toEqual({});
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonp", "text/json"])(
    "refuses a body sent as %s with 415",
    async (contentType) => {
      const error = await rejection(post('{"a":1}', { "content-type": contentType }));
      expect(error.status).toBe(415);
      expect(error.code).toBe("unsupported_media_type");
      expect(error.message).toContain(contentType);
    },
  );

  it("refuses a body without a content-type with 415", async () => {
    const request = streamed('{"model":"gpt-4o"}');
    expect(request.headers.get("content-type")).toBeNull();
    expect((await rejection(request)).status).toBe(415);
  });

  it("parses a streamed JSON body", async () => {
    await expect(readJsonBody(streamed('{"model":"gpt-4o"}', { "content-type": "application/json" }))).resolves.toEqual({ model: "gpt-4o" });
  });

  it("refuses a declared content-length over 1 MiB with 413 before reading", async () => {
    const error = await rejection(post("{}", { "content-type": "application/json", "content-length": String(MiB + 1) }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
    expect(error.apiCode).toBe("request_too_large");
  });

  it("accepts a body of exactly 1 MiB", async () => {
    const body = jsonOfSize(MiB);
    expect(Buffer.byteLength(body)).toBe(MiB);
    const parsed = (await readJsonBody(post(body, { "content-type": "application/json" }))) as { a: string };
    expect(parsed.a).toHaveLength(MiB - 8);
  });

  it("refuses a body of 1 MiB + 1 byte with a truthful content-length", async () => {
    expect((await rejection(post(jsonOfSize(MiB + 1), { "content-type": "application/json" }))).status).toBe(413);
  });

  it("counts bytes, not characters", async () => {
    const body = `{"a":"${"é".repeat(MiB / 2)}"}`; // fewer than 1 MiB characters, more than 1 MiB bytes
    expect(body.length).toBeLessThan(MiB);
    expect((await rejection(post(body, { "content-type": "application/json" }))).status).toBe(413);
  });

  it("refuses a chunked body over 1 MiB without content-length with 413", async () => {
    const request = chunked(MiB + 1, { "content-type": "application/json" });
    expect(request.headers.get("content-length")).toBeNull();
    const error = await rejection(request);
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
  });

  it("refuses a chunked body over 1 MiB even when content-length understates it", async () => {
    expect((await rejection(chunked(2 * MiB, { "content-type": "application/json", "content-length": "2" }))).status).toBe(413);
  });

  it("accepts a chunked body of exactly 1 MiB", async () => {
    await expect(readJsonBody(chunked(MiB, { "content-type": "application/json" }))).resolves.toEqual({});
  });

  it.each(['{"model":', "{model: 'gpt-4o'}", '{"a":1,}', "undefined", "{}{}"])("refuses malformed JSON %j with 400", async (body) => {
    const error = await rejection(post(body, { "content-type": "application/json" }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
    expect(error.apiCode).toBe("invalid_json");
  });

  it("returns non-object JSON as it is, for the schema to refuse", async () => {
    await expect(readJsonBody(post("[1,2]", { "content-type": "application/json" }))).resolves.toEqual([1, 2]);
    await expect(readJsonBody(post('"text"', { "content-type": "application/json" }))).resolves.toBe("text");
  });
});

describe("searchParamsObject", () => {
  it("returns the query parameters as an object", () => {
    expect(searchParamsObject(new Request(`${URL_}?limit=2&order=asc&after=asst_x`))).toEqual({ limit: "2", order: "asc", after: "asst_x" });
  });

  it("returns {} without a query string", () => {
    expect(searchParamsObject(new Request(URL_))).toEqual({});
  });

  it("decodes percent-encoding", () => {
    expect(searchParamsObject(new Request(`${URL_}?after=asst%5Fx`))).toEqual({ after: "asst_x" });
  });

  it.each([
    ["?limit=1&limit=2", "limit"],
    ["?order=asc&limit=1&order=asc", "order"],
    ["?after=&after=", "after"],
  ])("refuses a repeated parameter (%s) naming it", (query, param) => {
    let thrown: unknown;
    try {
      searchParamsObject(new Request(`${URL_}${query}`));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe(param);
  });
});
