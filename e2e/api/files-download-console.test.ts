import { toFile, type OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMember, createUser, signInCookie } from "./support/console";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase } from "./support/workspace";

// The console's file download (app/(console)/files/[file_id]/download), which shows the code
// interpreter's charts and links the files it wrote (issue 23): a member's session gets its
// workspace's files, raster images inline only when asked, everything else as an attachment;
// another workspace's member gets a 404, no session gets no bytes; a second request is a 304.

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5a1b80000000049454e44ae426082", "hex");
let client: OpenAI;
let mine: string;
let theirs: string;

beforeAll(async () => {
  const made = await provision(async (lib) => {
    const [ws, other] = [await createTestWorkspace(lib, "download"), await createTestWorkspace(lib, "download-other")];
    const [viewer, stranger] = [await createUser(lib, "download"), await createUser(lib, "download-other")];
    await addMember(lib, ws.id, viewer, "viewer");
    await addMember(lib, other.id, stranger, "viewer");
    return { apiKey: ws.apiKey, viewer, stranger };
  });
  client = sdkClient(made.apiKey).client;
  [mine, theirs] = await Promise.all([signInCookie(made.viewer), signInCookie(made.stranger)]);
});

afterAll(releaseDatabase);

const upload = async (bytes: Buffer | string, name: string) => (await client.files.create({ file: await toFile(Buffer.from(bytes), name), purpose: "assistants" })).id;
const download = (id: string, cookie: string | null, query = "", headers: Record<string, string> = {}) =>
  fetch(`${inject("baseURL")}/files/${id}/download${query}`, { headers: { ...(cookie && { cookie }), ...headers }, redirect: "manual" });

describe("console file download", () => {
  it("shows a PNG inline when asked, and downloads it otherwise, with its bytes", async () => {
    const id = await upload(PNG, "chart-1.png");
    const inline = await download(id, mine, "?inline=1");
    expect(inline.status).toBe(200);
    expect(inline.headers.get("content-type")).toBe("image/png");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; filename="chart-1.png"/);
    expect(inline.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await inline.arrayBuffer())).toEqual(PNG);
    const attached = await download(id, mine);
    expect(attached.headers.get("content-type")).toBe("application/octet-stream");
    expect(attached.headers.get("content-disposition")).toMatch(/^attachment; filename="chart-1.png"/);
    await attached.arrayBuffer();
  });

  it("never shows SVG or HTML inline, and names a CSV for download", async () => {
    const [svg, html, csv] = await Promise.all([upload('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"), upload("<script>alert(1)</script>", "x.html"), upload("a,b\n1,2\n", "report.csv")]);
    for (const id of [svg, html]) {
      const response = await download(id, mine, "?inline=1");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      await response.arrayBuffer();
    }
    const response = await download(csv, mine);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="report.csv"/);
    expect(await response.text()).toBe("a,b\n1,2\n");
  });

  it("answers another workspace's member with a 404, and no session with no bytes", async () => {
    const id = await upload("private", "private.txt");
    const stranger = await download(id, theirs);
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).not.toContain("private");
    const nobody = await download(id, null);
    expect([302, 303, 307, 401]).toContain(nobody.status);
    expect(await nobody.text()).not.toContain("private");
    const missing = await download("file-doesnotexist0000000000", mine);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("answers a repeat request with 304 while the browser holds the bytes", async () => {
    const id = await upload(PNG, "again.png");
    const first = await download(id, mine, "?inline=1");
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    expect(etag).toBe(`"${id}"`);
    const again = await download(id, mine, "?inline=1", { "if-none-match": etag });
    expect(again.status).toBe(304);
  });
});
