import { toFile, type OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// What the console's Files page reads beside the API's file objects (lib/files/service.ts and
// lib/files/preview.ts): the vector stores each file is in, and the preview of its text, stored by
// ingestion or extracted on demand. Files are uploaded through the API, as the page does.

let ws: TestWorkspace;
let other: TestWorkspace;
let client: OpenAI;

const files = () => import("@/lib/files/service");
const preview = () => import("@/lib/files/preview");

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "files-console"), other: await createTestWorkspace(lib, "files-console-other") })));
  client = sdkClient(ws.apiKey).client;
});

afterAll(async () => {
  await releaseDatabase();
});

const upload = async (content: string | Buffer, name: string) => client.files.create({ file: await toFile(Buffer.from(content), name), purpose: "assistants" });

describe("vector stores using files", () => {
  it("lists each file's stores with its status there, in this workspace only", async () => {
    const [a, b, lone] = await Promise.all([upload("alpha", "a.txt"), upload("beta", "b.txt"), upload("gamma", "lone.txt")]);
    const stores = ["vs_filesconsoletest00000a", "vs_filesconsoletest00000b"];
    const found = await provision(async (lib) => {
      const db = lib.db.getDb();
      await db.vectorStore.create({ data: { id: stores[0]!, workspaceId: ws.id, name: "Handbook", createdAt: new Date(Date.now() - 1000) } });
      await db.vectorStore.create({ data: { id: stores[1]!, workspaceId: ws.id, name: null, createdAt: new Date() } });
      await db.vectorStoreFile.create({ data: { vectorStoreId: stores[0]!, fileId: a.id, workspaceId: ws.id, status: "completed", createdAt: new Date() } });
      await db.vectorStoreFile.create({ data: { vectorStoreId: stores[1]!, fileId: a.id, workspaceId: ws.id, status: "failed", createdAt: new Date() } });
      await db.vectorStoreFile.create({ data: { vectorStoreId: stores[1]!, fileId: b.id, workspaceId: ws.id, status: "in_progress", createdAt: new Date() } });
      const { vectorStoresUsingFiles } = await files();
      return {
        mine: Object.fromEntries(await vectorStoresUsingFiles(ws.caller, [a.id, b.id, lone.id])),
        theirs: (await vectorStoresUsingFiles(other.caller, [a.id, b.id])).size,
        none: (await vectorStoresUsingFiles(ws.caller, [])).size,
      };
    });
    expect(found.mine).toEqual({
      [a.id]: [
        { id: stores[0], name: "Handbook", status: "completed" },
        { id: stores[1], name: null, status: "failed" },
      ],
      [b.id]: [{ id: stores[1], name: null, status: "in_progress" }],
    });
    expect(found.theirs).toBe(0);
    expect(found.none).toBe(0);
    await provision((lib) => lib.db.getDb().vectorStore.deleteMany({ where: { id: { in: stores } } }));
  });
});

describe("the pickers' searches", () => {
  it("find files by words of their name taken literally, or by id, newest first and in this workspace only", async () => {
    const percent = await upload("a", "q3 100%_report.txt");
    const lookalike = await upload("b", "q3 100x-report.txt");
    const found = await provision(async () => {
      const { findFiles } = await files();
      const names = async (caller: typeof ws.caller, query: string) => (await findFiles(caller, query)).map((row) => row.filename);
      return { pattern: await names(ws.caller, "100%_"), loose: await names(ws.caller, "Q3 100"), byId: await names(ws.caller, lookalike.id), theirs: await names(other.caller, "q3 100") };
    });
    expect(found.pattern).toEqual([percent.filename]);
    expect(found.loose).toEqual([lookalike.filename, percent.filename]);
    expect(found.byId).toEqual([lookalike.filename]);
    expect(found.theirs).toEqual([]);
  });

  it("find vector stores by name, leaving out threads' own and expired ones", async () => {
    const found = await provision(async (lib) => {
      const { ID_PREFIXES, newId } = await import("@/lib/ids");
      const ids = [0, 1, 2].map(() => newId(ID_PREFIXES.vectorStore, new Date()));
      const db = lib.db.getDb();
      const thread = await db.thread.create({ data: { id: "thread_filespickertest0001", workspaceId: ws.id, createdAt: new Date() } });
      await db.vectorStore.create({ data: { id: ids[0]!, workspaceId: ws.id, name: "Picker handbook", createdAt: new Date() } });
      await db.vectorStore.create({ data: { id: ids[1]!, workspaceId: ws.id, name: "Picker thread", threadId: thread.id, createdAt: new Date() } });
      await db.vectorStore.create({ data: { id: ids[2]!, workspaceId: ws.id, name: "Picker old", expiresAt: new Date(Date.now() - 1000), createdAt: new Date() } });
      const { findStores, storesByIds } = await import("@/lib/vector-stores/service");
      return {
        ids,
        listed: (await findStores(ws.id, "picker")).map((row) => row.id),
        named: (await storesByIds(ws.id, [...ids, "vs_nope"])).map((row) => row.id).sort(),
        theirs: (await findStores(other.id, "picker")).length + (await storesByIds(other.id, ids)).length,
      };
    });
    expect(found).toEqual({ ids: found.ids, listed: [found.ids[0]], named: [...found.ids].sort(), theirs: 0 });
  });
});

describe("the preview of a file's text", () => {
  it("extracts on demand before ingestion stored any text", async () => {
    const file = await upload("<html><body><h1>Opening hours</h1><p>Nine to five.</p></body></html>", "hours.html");
    const result = await provision(async () => (await preview()).previewFile(ws.caller, file.id));
    expect(result).toMatchObject({ ok: true, source: "extracted", format: "html", truncated: false });
    expect(result.ok && result.text).toMatch(/Opening hours[\s\S]*Nine to five\./);
  });

  it("shows the stored text once ingestion stored it, its first 100,000 characters only", async () => {
    const file = await upload("what the upload said", "stored.txt");
    const text = "x".repeat(100_000) + "the tail";
    const result = await provision(async (lib) => {
      await lib.db.getDb().fileText.create({ data: { fileId: file.id, text, extractor: "text" } });
      return (await preview()).previewFile(ws.caller, file.id);
    });
    expect(result).toEqual({ ok: true, source: "stored", format: null, text: "x".repeat(100_000), chars: text.length, truncated: true });
  });

  it("says in plain words why a file has no text, and finds no other workspace's file", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5c1d50000000049454e44ae426082", "hex");
    const image = await upload(png, "pixel.png");
    const empty = await upload("   \n", "blank.txt");
    const results = await provision(async () => {
      const { previewFile } = await preview();
      return {
        image: await previewFile(ws.caller, image.id),
        empty: await previewFile(ws.caller, empty.id),
        elsewhere: await previewFile(other.caller, image.id).catch((error: Error) => error.message),
      };
    });
    expect(results.image).toMatchObject({ ok: false, code: "unsupported_file" });
    expect(results.empty).toEqual({ ok: false, code: "invalid_file", message: "The file has no text to index (it is empty or only whitespace)." });
    expect(results.elsewhere).toMatch(/No file found/);
  });
});
