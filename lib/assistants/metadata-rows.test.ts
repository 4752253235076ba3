import { describe, expect, it } from "vitest";
import { checkMetadataRows, mergeRows, metadataRowsSchema, metadataToRows, parseMetadataPaste, rowsToMetadata } from "@/lib/assistants/metadata-rows";
import { metadataSchema } from "@/lib/assistants/schema";

const issues = (rows: { key: string; value: string }[]) =>
  (metadataRowsSchema.safeParse(rows).error?.issues ?? []).map((issue) => `${issue.path.join(".") || "(rows)"}: ${issue.message}`);

describe("metadata rows", () => {
  it("accepts what the API accepts: up to 16 pairs, keys ≤ 64, values ≤ 512, empty values", () => {
    const rows = Array.from({ length: 16 }, (_, i) => ({ key: `k${i}`.padEnd(64, "x"), value: i === 0 ? "" : "v".repeat(512) }));
    expect(issues(rows)).toEqual([]);
    expect(metadataSchema.safeParse(rowsToMetadata(rows)).success).toBe(true);
  });

  it("flags each problem on its own row and field", () => {
    expect(
      issues([
        { key: "team", value: "a" },
        { key: "", value: "orphan" },
        { key: "k".repeat(65), value: "b" },
        { key: "note", value: "x".repeat(513) },
        { key: "team", value: "again" },
      ]),
    ).toEqual([
      "1.key: Enter a key, or remove the row.",
      "2.key: At most 64 characters (65).",
      "3.value: At most 512 characters (513).",
      "4.key: Duplicate key: row 1 has it too.",
    ]);
  });

  it("refuses a 17th pair for the whole list, as the API does", () => {
    const rows = Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    expect(issues(rows)).toEqual(["(rows): At most 16 pairs; remove 1."]);
    expect(metadataSchema.safeParse(rowsToMetadata(rows)).success).toBe(false);
  });

  it("round-trips an object through rows in order, even a key named __proto__", () => {
    const metadata = JSON.parse('{"b":"2","a":"1","__proto__":"x"}') as Record<string, string>;
    const rows = metadataToRows(metadata);
    expect(rows.map((row) => row.key)).toEqual(["b", "a", "__proto__"]);
    const back = rowsToMetadata(rows);
    expect(Object.keys(back)).toEqual(["b", "a", "__proto__"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(metadataToRows(null)).toEqual([]);
  });
});

describe("pasting JSON into the metadata editor", () => {
  it("fills rows from an object, turning numbers and booleans into text", () => {
    expect(parseMetadataPaste('{"team":"support","tier":2,"beta":true}')).toEqual({
      ok: true,
      rows: [
        { key: "team", value: "support" },
        { key: "tier", value: "2" },
        { key: "beta", value: "true" },
      ],
    });
  });

  it.each([
    ["not json", /^Not valid JSON/],
    ["[1,2]", /Paste a JSON object/],
    ['"text"', /Paste a JSON object/],
    ['{"a":{"b":1}}', /"a" is an object; metadata values are text/],
    ['{"a":null}', /"a" is null/],
  ])("refuses %s with a reason", (text, message) => {
    const result = parseMetadataPaste(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it("merges: same keys replaced in place, new ones appended, blank rows dropped", () => {
    const current = [
      { key: "team", value: "old" },
      { key: "", value: "" },
      { key: "owner", value: "ada" },
    ];
    expect(mergeRows(current, [{ key: "team", value: "new" }, { key: "env", value: "prod" }])).toEqual([
      { key: "team", value: "new" },
      { key: "owner", value: "ada" },
      { key: "env", value: "prod" },
    ]);
  });
});

describe("checkMetadataRows", () => {
  it("ignores wholly empty rows and keeps the others in order", () => {
    const check = checkMetadataRows([{ key: "", value: "" }, { key: "ticket", value: "T-42" }, { key: "", value: "" }, { key: "lang", value: "nb" }]);
    expect(check.summary).toBeNull();
    expect(check.metadata).toEqual({ ticket: "T-42", lang: "nb" });
    expect(Object.keys(check.metadata)).toEqual(["ticket", "lang"]);
  });

  it("names the row of each problem by its place in the form, empty rows counted", () => {
    const check = checkMetadataRows([{ key: "", value: "" }, { key: "a", value: "1" }, { key: "", value: "orphan" }, { key: "a", value: "2" }, { key: "k".repeat(65), value: "" }]);
    expect([...check.problems.keys()]).toEqual([2, 3, 4]);
    expect(check.problems.get(2)).toBe("Enter a key, or remove the row.");
    expect(check.problems.get(3)).toBe("Duplicate key: row 1 has it too.");
    expect(check.problems.get(4)).toMatch(/At most 64 characters/);
    expect(check.summary).toBe("Metadata row 3: Enter a key, or remove the row.");
  });

  it("refuses a 17th pair with a summary for the whole list", () => {
    const rows = Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    const check = checkMetadataRows(rows);
    expect(check.summary).toMatch(/^Metadata: At most 16 pairs/);
  });
});
