import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIError, toStreamingFile, type OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pidListeningOn } from "../../scripts/bench/process-cpu";
import { sdkClient } from "./support/http";

// The Files API's limits and its memory, on an app server of its own (its own database, so its
// workspace's storage is this file's alone), started with ATELIER_MAX_FILE_BYTES = 100 MiB and
// ATELIER_WORKSPACE_STORAGE_BYTES = 128 MiB. Uploads stream through the SDK; the server's resident
// memory is sampled from /proc while 100 MB go up and come back down.

const MiB = 1024 * 1024;
const MAX_FILE_BYTES = 100 * MiB;
const QUOTA_BYTES = 128 * MiB;
const BIG_FILE_BYTES = 100_000_000;
const RSS_GROWTH_LIMIT = 64 * MiB;
const SLOW = 300_000;

let db: TestDatabase;
let app: AppServer;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let dir: string;
let pid: number;
/** The server's RSS once it has served a small upload and download (its code loaded, pools open). */
let baselineRss: number;

beforeAll(async () => {
  db = await createTestDatabase("files-limits");
  app = await startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { ATELIER_MAX_FILE_BYTES: String(MAX_FILE_BYTES), ATELIER_WORKSPACE_STORAGE_BYTES: String(QUOTA_BYTES) },
  });
  // The admin key acts in the server's default workspace, which this database has to itself.
  sdk = sdkClient(app.adminKey, { baseURL: app.baseURL });
  client = sdk.client;
  dir = await mkdtemp(path.join(tmpdir(), "atelier-files-limits-"));
  pid = pidListeningOn(Number(new URL(app.baseURL).port))!;
  expect(pid, "the app server's pid").toBeTruthy();
  const warmUp = await uploadStream(2 * MiB, "warm-up.bin");
  await (await client.files.content(warmUp.id)).arrayBuffer();
  await client.files.delete(warmUp.id);
  baselineRss = rss(pid);
}, 180_000);

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `bytes` of random data, made and hashed a MiB at a time. */
async function* randomData(bytes: number, hash?: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < bytes; sent += MiB) {
    const chunk = randomBytes(Math.min(MiB, bytes - sent));
    hash?.update(chunk);
    yield chunk;
  }
}

const uploadStream = (bytes: number, name: string) =>
  client.files.create({ file: toStreamingFile(randomData(bytes), name), purpose: "assistants" }, { timeout: SLOW });

/** The server process's resident set (VmRSS), in bytes. */
function rss(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) * 1024;
}

/** Runs `work` while sampling the server's RSS every 50 ms; returns the RSS before and the highest seen. */
async function rssDuring(work: () => Promise<void>): Promise<{ before: number; peak: number }> {
  const before = rss(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { before, peak: Math.max(peak, rss(pid)) };
}

const expect413 = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected a 413 ${code}`).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(413);
  expect((error as APIError).error).toMatchObject({ type: "invalid_request_error", code, param: "file" });
};

const listedBytes = async () => (await client.files.list()).data.reduce((sum, file) => sum + file.bytes, 0);

describe("file limits", () => {
  it("refuses a body whose declared length is past the file limit before reading it", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${app.baseURL}/api/v1/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "multipart/form-data; boundary=x", "content-length": String(3 * MAX_FILE_BYTES) },
      });
      request.on("response", (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode!, body }));
      });
      request.on("error", reject);
      request.write("--x\r\n"); // and nothing more: the answer must not wait for the body
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: "file_too_large", param: "file" });
  });

  it("stops a streamed upload at the file limit with a 413, keeping nothing of it", async () => {
    await expect413(uploadStream(MAX_FILE_BYTES + 1, "too-big.bin"), "file_too_large");
    expect(await client.files.list()).toMatchObject({ data: [] });
    // Exactly the limit is allowed, and fits the quota only if the refused upload's bytes were given back.
    const atLimit = await uploadStream(MAX_FILE_BYTES, "at-limit.bin");
    expect(atLimit.bytes).toBe(MAX_FILE_BYTES);
    await client.files.delete(atLimit.id);
  }, SLOW);

  it("round-trips 100 MB byte-identical with the server's memory bounded", async () => {
    const filePath = path.join(dir, "big.bin");
    const written = createHash("sha256");
    const out = createWriteStream(filePath);
    for await (const chunk of randomData(BIG_FILE_BYTES, written)) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const expected = written.digest("hex");

    let file: OpenAI.FileObject | undefined;
    const up = await rssDuring(async () => {
      file = await client.files.create({ file: createReadStream(filePath), purpose: "assistants" }, { timeout: SLOW });
    });
    expect(file).toMatchObject({ bytes: BIG_FILE_BYTES, filename: "big.bin", status: "processed" });

    const read = createHash("sha256");
    let bytes = 0;
    const down = await rssDuring(async () => {
      const response = await client.files.content(file!.id, { timeout: SLOW });
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        read.update(chunk);
        bytes += chunk.byteLength;
      }
    });
    expect(bytes).toBe(BIG_FILE_BYTES);
    expect(read.digest("hex")).toBe(expected);

    // Against the RSS after the warm-up, not just before each transfer: a server that had buffered
    // the 100 MiB refused above would have grown then, and kept most of it.
    const mb = (value: number) => (value / MiB).toFixed(1);
    console.log(
      `[files] 100 MB: server RSS ${mb(baselineRss)} MiB after warm-up; ${mb(up.before)} MiB before the upload, peak ${mb(up.peak)} MiB during it; ` +
        `${mb(down.before)} MiB before the download, peak ${mb(down.peak)} MiB during it`,
    );
    expect(up.peak - baselineRss).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(down.peak - baselineRss).toBeLessThan(RSS_GROWTH_LIMIT);
    // Kept for the quota test below: 100 MB of the workspace's 128 MiB are now used.
  }, SLOW);

  it("holds the workspace quota against concurrent uploads, and gives back what a refused one wrote", async () => {
    const used = await listedBytes();
    expect(used).toBe(BIG_FILE_BYTES);
    const room = QUOTA_BYTES - used; // 34,217,728 bytes
    // Two uploads of 20 MB at once do not both fit: at least one is refused, and what is kept fits.
    const results = await Promise.allSettled([uploadStream(20_000_000, "race-a.bin"), uploadStream(20_000_000, "race-b.bin")]);
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const result of refused) await expect413(Promise.reject((result as PromiseRejectedResult).reason), "storage_quota_exceeded");
    expect((await listedBytes()) - used).toBeLessThanOrEqual(room);
    for (const result of results) if (result.status === "fulfilled") await client.files.delete(result.value.id);

    // Every byte of the refused uploads was given back: exactly the room left fits, one more byte does not.
    const exact = await uploadStream(room, "exact-fit.bin");
    expect(exact.bytes).toBe(room);
    await expect413(uploadStream(1, "one-more.bin"), "storage_quota_exceeded");
    for (const file of (await client.files.list()).data) await client.files.delete(file.id);
    expect(await listedBytes()).toBe(0);
    // Deleting gave it all back: a file of the whole quota's size (within the file limit) fits again.
    const again = await uploadStream(MAX_FILE_BYTES, "again.bin");
    await client.files.delete(again.id);
  }, SLOW);
});
