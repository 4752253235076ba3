import { describe, expect, it } from "vitest";
import { fileListQuerySchema, fileUploadFieldsSchema } from "@/lib/files/schema";
import { formatBytes } from "@/lib/files/storage";
import { parseOrThrow } from "@/lib/validation";

const refusal = (input: unknown) => {
  try {
    parseOrThrow(fileUploadFieldsSchema, input);
  } catch (error) {
    return error as { param: string | null; message: string };
  }
  throw new Error("accepted");
};

describe("fileUploadFieldsSchema", () => {
  it("takes a purpose and an optional expiry in OpenAI's form notation", () => {
    expect(parseOrThrow(fileUploadFieldsSchema, { purpose: "assistants" })).toEqual({ purpose: "assistants", expiresAfterSeconds: null });
    expect(parseOrThrow(fileUploadFieldsSchema, { purpose: "vision", "expires_after[anchor]": "created_at", "expires_after[seconds]": "3600" })).toEqual({
      purpose: "vision",
      expiresAfterSeconds: 3600,
    });
  });

  it("says why OpenAI's other purposes are refused, and names what is allowed", () => {
    expect(refusal({ purpose: "fine-tune" })).toMatchObject({ param: "purpose", message: expect.stringMatching(/Atelier does not have.*'assistants', 'user_data', 'vision'/) });
    expect(refusal({ purpose: "pictures" })).toMatchObject({ param: "purpose", message: expect.stringMatching(/got 'pictures'/) });
    expect(refusal({})).toMatchObject({ param: "purpose", message: "Missing required parameter: 'purpose'." });
  });

  it("wants both halves of an expiry, within OpenAI's bounds, and nothing else", () => {
    expect(refusal({ purpose: "assistants", "expires_after[seconds]": "3600" })).toMatchObject({ param: "expires_after[anchor]" });
    expect(refusal({ purpose: "assistants", "expires_after[anchor]": "created_at" })).toMatchObject({ param: "expires_after[seconds]" });
    expect(refusal({ purpose: "assistants", "expires_after[anchor]": "last_active_at", "expires_after[seconds]": "3600" })).toMatchObject({ param: "expires_after[anchor]" });
    for (const seconds of ["3599", "2592001", "1e4", "36OO"]) {
      expect(refusal({ purpose: "assistants", "expires_after[anchor]": "created_at", "expires_after[seconds]": seconds })).toMatchObject({ param: "expires_after[seconds]" });
    }
    expect(refusal({ purpose: "assistants", colour: "blue" })).toMatchObject({ param: "colour" });
  });
});

describe("fileListQuerySchema", () => {
  it("defaults to OpenAI's 10,000 newest first, and bounds the limit there", () => {
    expect(parseOrThrow(fileListQuerySchema, {})).toEqual({ limit: 10_000, order: "desc" });
    expect(parseOrThrow(fileListQuerySchema, { purpose: "assistants", limit: "2", order: "asc", after: "file-x" })).toEqual({ purpose: "assistants", limit: 2, order: "asc", after: "file-x" });
    expect(() => parseOrThrow(fileListQuerySchema, { limit: "10001" })).toThrow(/limit/);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [1023, "1023 bytes"],
    [1024, "1 KiB"],
    [1536 * 1024, "1.5 MiB"],
    [512 * 1024 * 1024, "512 MiB"],
    [10 * 1024 ** 3, "10 GiB"],
  ])("shows %i as %s", (bytes, shown) => expect(formatBytes(bytes)).toBe(shown));
});
