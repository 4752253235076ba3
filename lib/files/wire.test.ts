import { describe, expect, it } from "vitest";
import { contentDisposition, contentHeaders, toFileObject } from "@/lib/files/wire";

const row = { id: "file-0000000000000000000000aa", bytes: 1234n, createdAt: new Date(1_700_000_000_999), expiresAt: null, filename: "notes.txt", purpose: "assistants" };

describe("toFileObject", () => {
  it("is OpenAI's file object: bytes as a number, unix seconds, no expires_at when it never expires", () => {
    expect(toFileObject(row)).toEqual({
      id: row.id,
      object: "file",
      bytes: 1234,
      created_at: 1_700_000_000,
      filename: "notes.txt",
      purpose: "assistants",
      status: "processed",
    });
  });

  it("carries expires_at when the file expires", () => {
    expect(toFileObject({ ...row, expiresAt: new Date(1_700_003_600_000) }).expires_at).toBe(1_700_003_600);
  });
});

describe("contentDisposition", () => {
  it("names an ASCII file plainly and exactly", () => {
    expect(contentDisposition("report 2024.pdf")).toBe(`attachment; filename="report 2024.pdf"; filename*=UTF-8''report%202024.pdf`);
  });

  it("keeps the exact UTF-8 name in filename* and an ASCII stand-in in filename", () => {
    const header = contentDisposition('résumé "final" 📄.txt');
    expect(header).toBe(`attachment; filename="r_sum_ _final_ __.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%20%F0%9F%93%84.txt`);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('résumé "final" 📄.txt');
  });

  it("cannot be broken out of by quotes, backslashes, semicolons or line breaks", () => {
    const header = contentDisposition('a";\\b\r\nX-Evil: 1');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"')).toHaveLength(3);
    expect(header).toContain("filename*=UTF-8''a%22%3B%5Cb%0D%0AX-Evil%3A%201");
  });
});

describe("contentHeaders", () => {
  it("sends bytes as an attachment, whatever the file's name says", () => {
    expect(contentHeaders({ filename: "a.html" })).toEqual({
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="a.html"; filename*=UTF-8''a.html`,
    });
  });
});
