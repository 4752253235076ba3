import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { APIError, NotFoundError, PermissionDeniedError, toFile, type OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, apiFetch, binaryProblems, sdkClient } from "./support/http";
import { multipartBody, type FormPart } from "./support/multipart";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The Files API through the official `openai` SDK (baseURL and apiKey changed only), every response
// checked against the vendored contract; hand-made multipart bodies where the SDK cannot say it.
// Limits, quotas and memory are in files-limits.test.ts (an app server of their own).

let ws: TestWorkspace;
let other: TestWorkspace;
let viewerKey: string;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let dir: string;

beforeAll(async () => {
  ({ ws, other, viewerKey } = await provision(async (lib) => {
    const ws = await createTestWorkspace(lib, "files");
    const other = await createTestWorkspace(lib, "files-other");
    const viewerKey = (await lib.apiKeys.createApiKey(ws.caller, { name: "viewer key", role: "viewer" })).key;
    return { ws, other, viewerKey };
  }));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
  dir = await mkdtemp(path.join(tmpdir(), "atelier-files-"));
});

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  await releaseDatabase();
});

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

async function download(id: string, key = ws.apiKey): Promise<Buffer> {
  const response = await fetch(`${(client.baseURL)}/files/${id}/content`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  expect(binaryProblems(response)).toEqual([]);
  return Buffer.from(await response.arrayBuffer());
}

/** Every row of the workspace's files (uploads under way too) and the bytes it is charged for. */
const stored = (workspaceId: string) =>
  provision(async (lib) => {
    const db = lib.db.getDb();
    const files = await db.file.findMany({ where: { workspaceId }, select: { id: true, status: true, bytes: true } });
    const parts = await db.filePart.count({ where: { file: { workspaceId } } });
    const usage = await db.workspaceStorage.findUnique({ where: { workspaceId } });
    return { files: files.length, parts, bytes: Number(usage?.fileBytes ?? 0) };
  });

const upload = (parts: FormPart[], key = ws.apiKey) => {
  const { body, contentType } = multipartBody(parts);
  return apiFetch("/files", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": contentType }, body });
};

describe("files through the SDK", () => {
  it("uploads, retrieves, downloads byte-identical and deletes, from a stream and from a buffer", async () => {
    const binary = randomBytes(3 * 1024 * 1024 + 17); // parts of 1 MiB and a short last one
    const binaryPath = path.join(dir, "data.bin");
    await writeFile(binaryPath, binary);
    const fromStream = await client.files.create({ file: createReadStream(binaryPath), purpose: "assistants" });
    expect(fromStream).toMatchObject({ object: "file", bytes: binary.length, filename: "data.bin", purpose: "assistants", status: "processed" });
    expect(fromStream.id).toMatch(/^file-[0-9A-Za-z]{24}$/);
    expect(fromStream).not.toHaveProperty("expires_at");
    expect(Math.abs(fromStream.created_at - Date.now() / 1000)).toBeLessThan(120);

    const text = "Refunds are processed within 5 days.\nRéponse: 返金 ✓\n";
    const fromBuffer = await client.files.create({ file: await toFile(Buffer.from(text), "résumé 📄.txt", { type: "text/plain" }), purpose: "user_data" });
    expect(fromBuffer).toMatchObject({ bytes: Buffer.byteLength(text), filename: "résumé 📄.txt", purpose: "user_data" });
    const empty = await client.files.create({ file: await toFile(Buffer.alloc(0), "empty.txt"), purpose: "vision" });
    expect(empty.bytes).toBe(0);

    expect(await client.files.retrieve(fromStream.id)).toEqual(fromStream);
    const content = await client.files.content(fromStream.id);
    expect(sha256(Buffer.from(await content.arrayBuffer()))).toBe(sha256(binary));
    const textResponse = await client.files.content(fromBuffer.id);
    expect(await textResponse.text()).toBe(text);
    // Bytes to save, never a page to render, under the name it was uploaded with.
    expect(textResponse.headers.get("content-type")).toBe("application/octet-stream");
    expect(decodeURIComponent(textResponse.headers.get("content-disposition")!.split("UTF-8''")[1]!)).toBe("résumé 📄.txt");
    expect((await download(empty.id)).length).toBe(0);

    for (const file of [fromStream, fromBuffer, empty]) {
      expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: "file", deleted: true });
      await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await api("GET", `/files/${file.id}/content`, { key: ws.apiKey })).status).toBe(404);
      expect((await api("DELETE", `/files/${file.id}`, { key: ws.apiKey })).status).toBe(404);
    }
    expect(await stored(ws.id)).toEqual({ files: 0, parts: 0, bytes: 0 });
  });

  it("lists by purpose, newest first by default, a page at a time with limit, order and after", async () => {
    // A workspace of its own: the list is exactly what this test made.
    const listWs = await provision((lib) => createTestWorkspace(lib, "files-list"));
    const { client, contractViolations } = sdkClient(listWs.apiKey);
    const purposes = ["assistants", "user_data", "assistants", "vision", "assistants"] as const;
    const made: OpenAI.FileObject[] = [];
    for (const [index, purpose] of purposes.entries()) {
      made.push(await client.files.create({ file: await toFile(Buffer.from(`file ${index}`), `list-${index}.txt`), purpose }));
    }
    const assistants = made.filter((file) => file.purpose === "assistants").map((file) => file.id);

    const all = await client.files.list();
    expect(all.data.map((file) => file.id)).toEqual(made.map((file) => file.id).reverse());
    expect(all.has_more).toBe(false);

    const first = await client.files.list({ purpose: "assistants", limit: 2, order: "asc" });
    expect(first.data.map((file) => file.id)).toEqual(assistants.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await client.files.list({ purpose: "assistants", limit: 2, order: "asc", after: first.data[1]!.id });
    expect(second.data.map((file) => file.id)).toEqual(assistants.slice(2));
    expect(second.has_more).toBe(false);

    // The SDK's own pagination follows `after` to the end.
    const seen: string[] = [];
    for await (const file of client.files.list({ purpose: "assistants", limit: 1 })) seen.push(file.id);
    expect(seen).toEqual([...assistants].reverse());

    expect((await client.files.list({ purpose: "fine-tune" })).data).toEqual([]);
    for (const query of ["limit=0", "limit=10001", "order=up", `after=${made[0]!.id.replace("file-", "asst_")}`, "colour=blue"]) {
      const response = await api("GET", `/files?${query}`, { key: listWs.apiKey });
      expect(response.status, query).toBe(400);
    }
    for (const file of made) await client.files.delete(file.id);
    expect(contractViolations()).toEqual([]);
  });

  it("keeps expires_after as expires_at, and hides a file once it has expired", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from("short-lived"), "tmp.txt"), purpose: "assistants", expires_after: { anchor: "created_at", seconds: 3600 } });
    expect(file.expires_at).toBe(file.created_at + 3600);
    await provision((lib) => lib.db.getDb().file.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.files.list()).data.map((listed) => listed.id)).not.toContain(file.id);
    await provision((lib) => lib.db.getDb().file.delete({ where: { id: file.id } }));
  });
});

describe("uploads refused, with nothing kept", () => {
  const file: FormPart = { name: "file", filename: "a.txt", data: "hello", type: "text/plain" };

  it("refuses purposes other than assistants, user_data and vision, sent before or after the file", async () => {
    const before = await stored(ws.id);
    for (const purpose of ["fine-tune", "batch", "evals", "pictures", ""]) {
      for (const parts of [[{ name: "purpose", value: purpose }, file], [file, { name: "purpose", value: purpose }]]) {
        const response = await upload(parts);
        expect(response.status, purpose).toBe(400);
        expect(response.body.error).toMatchObject({ type: "invalid_request_error", param: "purpose" });
        expect(response.body.error.message).toMatch(/assistants', 'user_data', 'vision'/);
      }
    }
    await expect(client.files.create({ file: await toFile(Buffer.from("x"), "x.jsonl"), purpose: "fine-tune" })).rejects.toMatchObject({ status: 400, param: "purpose" });
    expect(await stored(ws.id)).toEqual(before);
  });

  it("refuses forms that are not one file with its purpose", async () => {
    const before = await stored(ws.id);
    const purpose = { name: "purpose", value: "assistants" };
    const cases: [string, FormPart[], string | null][] = [
      ["no file", [purpose], "file"],
      ["no purpose", [file], "purpose"],
      ["the file as a text field", [{ name: "file", value: "hello" }, purpose], "file"],
      ["two files", [file, { ...file, filename: "b.txt" }, purpose], "file"],
      ["a file under another name", [{ ...file, name: "document" }, purpose], "document"],
      ["an unknown field", [file, purpose, { name: "colour", value: "blue" }], "colour"],
      ["a purpose given twice", [purpose, file, purpose], "purpose"],
      ["half an expiry", [file, purpose, { name: "expires_after[seconds]", value: "3600" }], "expires_after[anchor]"],
      ["an expiry too short", [file, purpose, { name: "expires_after[anchor]", value: "created_at" }, { name: "expires_after[seconds]", value: "60" }], "expires_after[seconds]"],
      ["no filename", [{ ...file, filename: "" }, purpose], "file"],
      ["a control character in the filename", [{ ...file, filename: "a\tb.txt" }, purpose], "file"],
    ];
    for (const [name, parts, param] of cases) {
      const response = await upload(parts);
      expect(response.status, name).toBe(400);
      expect(response.body.error.param, name).toBe(param);
    }
    const cut = multipartBody([purpose, file], { unterminated: true });
    const truncated = await apiFetch("/files", { method: "POST", headers: { authorization: `Bearer ${ws.apiKey}`, "content-type": cut.contentType }, body: cut.body });
    expect(truncated.status).toBe(400);
    const asJson = await api("POST", "/files", { key: ws.apiKey, json: { purpose: "assistants", file: "aGVsbG8=" } });
    expect(asJson.status).toBe(415);
    expect((await api("PUT", "/files", { key: ws.apiKey })).status).toBe(405);
    expect(await stored(ws.id)).toEqual(before);
  });
});

describe("who may see and change a file", () => {
  it("answers 404 for unknown ids and for another workspace's file, which stays as it was", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from("mine"), "mine.txt"), purpose: "assistants" });
    const otherSdk = sdkClient(other.apiKey);
    await expect(otherSdk.client.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(otherSdk.client.files.content(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(otherSdk.client.files.delete(file.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await otherSdk.client.files.list()).data).toEqual([]);
    expect(otherSdk.contractViolations()).toEqual([]);

    const unknown = ["file-000000000000000000000000", file.id.replace("file-", "file_"), "asst_abc", "file-abc123", "%20"];
    for (const id of unknown) {
      for (const [method, suffix] of [["GET", ""], ["DELETE", ""], ["GET", "/content"]] as const) {
        const response = await api(method, `/files/${id}${suffix}`, { key: ws.apiKey });
        expect(response.status, `${method} ${id}${suffix}`).toBe(404);
      }
    }
    expect(await client.files.retrieve(file.id)).toEqual(file);
    expect((await download(file.id)).toString()).toBe("mine");
    await client.files.delete(file.id);
  });

  it("lets a viewer's key read files but not upload or delete them; no key gets 401", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from("shared"), "shared.txt"), purpose: "assistants" });
    const viewer = sdkClient(viewerKey);
    const before = await stored(ws.id);
    await expect(viewer.client.files.create({ file: await toFile(Buffer.from("nope"), "nope.txt"), purpose: "assistants" })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(viewer.client.files.delete(file.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await viewer.client.files.retrieve(file.id)).id).toBe(file.id);
    expect((await viewer.client.files.list()).data.map((listed) => listed.id)).toContain(file.id);
    expect((await download(file.id, viewerKey)).toString()).toBe("shared");
    expect(viewer.contractViolations()).toEqual([]);
    for (const [method, suffix] of [["GET", ""], ["POST", ""], ["GET", `/${file.id}`], ["DELETE", `/${file.id}`], ["GET", `/${file.id}/content`]] as const) {
      expect((await api(method, `/files${suffix}`)).status, `${method} /files${suffix}`).toBe(401);
    }
    expect(await stored(ws.id)).toEqual(before);
    await client.files.delete(file.id);
  });
});

describe("deleting a file", () => {
  it("removes it from every vector store, with its chunks, and gives back the stores' usage", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from("a chunk of text"), "indexed.txt"), purpose: "assistants" });
    const kept = await client.files.create({ file: await toFile(Buffer.from("another"), "kept.txt"), purpose: "assistants" });
    const stores = ["vs_filesdeletetest000000a", "vs_filesdeletetest000000b"];
    await provision(async (lib) => {
      const db = lib.db.getDb();
      for (const id of stores) {
        await db.vectorStore.create({ data: { id, workspaceId: ws.id, name: id, usageBytes: 1000n, createdAt: new Date() } });
        for (const [fileId, usageBytes] of [[file.id, 300n], [kept.id, 700n]] as const) {
          await db.vectorStoreFile.create({ data: { vectorStoreId: id, fileId, workspaceId: ws.id, status: "completed", usageBytes, createdAt: new Date() } });
          await db.chunk.create({ data: { vectorStoreId: id, fileId, seq: 0, text: "a chunk of text", tokenCount: 4, startOffset: 0, endOffset: 15 } });
        }
      }
    });
    await client.files.delete(file.id);
    const after = await provision(async (lib) => {
      const db = lib.db.getDb();
      return {
        usage: (await db.vectorStore.findMany({ where: { id: { in: stores } }, orderBy: { id: "asc" } })).map((store) => Number(store.usageBytes)),
        storeFiles: (await db.vectorStoreFile.findMany({ where: { vectorStoreId: { in: stores } } })).map((row) => row.fileId),
        chunks: (await db.chunk.findMany({ where: { vectorStoreId: { in: stores } } })).map((row) => row.fileId),
      };
    });
    expect(after).toEqual({ usage: [700, 700], storeFiles: [kept.id, kept.id], chunks: [kept.id, kept.id] });
    await client.files.delete(kept.id);
    await provision((lib) => lib.db.getDb().vectorStore.deleteMany({ where: { id: { in: stores } } }));
  });
});

it("reports an SDK error in OpenAI's shape for a file that is not there", async () => {
  const error = await client.files.retrieve("file-000000000000000000000000").catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).error).toMatchObject({ type: "invalid_request_error", code: "not_found" });
});
