import { describe, expect, it } from "vitest";
import { ID_PREFIXES, idStart, newId, randomBase62, timeFromId } from "@/lib/ids";

const BASE62 = /^[0-9A-Za-z]+$/;

describe("newId", () => {
  it("is asst_ followed by 24 base62 characters", () => {
    for (let i = 0; i < 200; i++) expect(newId("asst")).toMatch(/^asst_[0-9A-Za-z]{24}$/);
  });

  it.each(Object.values(ID_PREFIXES).filter((prefix) => prefix !== "file"))("uses the %s_ prefix", (prefix) => {
    expect(newId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`));
  });

  it("makes file ids as OpenAI does, with a dash: file- and 24 base62 characters", () => {
    expect(idStart("file")).toBe("file-");
    for (let i = 0; i < 200; i++) expect(newId("file")).toMatch(/^file-[0-9A-Za-z]{24}$/);
  });

  it("encodes the time in the first 8 characters, most significant first", () => {
    expect(newId("asst", new Date(0)).slice(5, 13)).toBe("00000000");
    expect(newId("asst", new Date(61)).slice(5, 13)).toBe("0000000z");
    expect(newId("asst", new Date(62)).slice(5, 13)).toBe("00000010");
    expect(newId("asst", new Date(62 * 62 + 10)).slice(5, 13)).toBe("0000010A");
  });

  it("gives different ids for the same millisecond", () => {
    const at = new Date(1_751_169_829_999);
    const seen = new Set(Array.from({ length: 1000 }, () => newId("asst", at)));
    expect(seen.size).toBe(1000);
  });
});

describe("timeFromId", () => {
  it.each([0, 1, 61, 62, 1_700_000_000_000, 1_751_169_829_999, Date.UTC(2100, 0, 1)])("round-trips %i ms", (ms) => {
    expect(timeFromId(newId("asst", new Date(ms)), "asst")?.getTime()).toBe(ms);
  });

  it("round-trips the current time by default", () => {
    const before = Date.now();
    const id = newId("thread");
    const after = Date.now();
    const ms = timeFromId(id, "thread")!.getTime();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  const valid = newId("asst", new Date(1_700_000_000_000));

  it.each([
    ["another kind's prefix", valid, "ws"],
    ["a prefix that only starts the same", valid.replace(/^asst_/, "assta_"), "asst"],
    ["no prefix", valid.slice(5), "asst"],
    ["23 characters", valid.slice(0, -1), "asst"],
    ["25 characters", `${valid}a`, "asst"],
    ["a dash", `${valid.slice(0, -1)}-`, "asst"],
    ["an underscore in the body", `${valid.slice(0, 10)}_${valid.slice(11)}`, "asst"],
    ["a non-ASCII letter", `${valid.slice(0, -1)}é`, "asst"],
    ["a space", ` ${valid}`, "asst"],
    ["a trailing newline", `${valid}\n`, "asst"],
    ["an upper-case prefix", valid.replace(/^asst/, "ASST"), "asst"],
    ["an OpenAI-style id of another length", "asst_abc123", "asst"],
    ["a Model Studio uuid id", "asst_49079f4b-d1e8-4015-a12e-2dcdd1f18d84", "asst"],
    ["the empty string", "", "asst"],
  ] as const)("rejects %s", (_case, id, prefix) => {
    expect(timeFromId(id, prefix)).toBeNull();
  });

  it("reads file ids with their dash and refuses them with an underscore", () => {
    const at = new Date(1_751_169_829_999);
    const id = newId("file", at);
    expect(timeFromId(id, "file")?.getTime()).toBe(at.getTime());
    expect(timeFromId(id.replace("file-", "file_"), "file")).toBeNull();
    expect(timeFromId(newId("vs", at).replace("vs_", "vs-"), "vs")).toBeNull();
    expect(timeFromId(id, "asst")).toBeNull();
  });

  it("orders ids made in later milliseconds after earlier ones", () => {
    const times = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_062, 1_700_000_003_844, 1_751_169_829_999];
    const ids = times.map((ms) => newId("asst", new Date(ms)));
    const decoded = ids.map((id) => timeFromId(id, "asst")!.getTime());
    expect(decoded).toEqual(times);
    for (let i = 1; i < decoded.length; i++) expect(decoded[i]!).toBeGreaterThan(decoded[i - 1]!);
  });
});

describe("randomBase62", () => {
  it.each([0, 1, 16, 100])("makes %i base62 characters", (length) => {
    const value = randomBase62(length);
    expect(value).toHaveLength(length);
    if (length) expect(value).toMatch(BASE62);
  });

  it("uses the whole alphabet", () => {
    const seen = new Set(randomBase62(20_000));
    expect(seen.size).toBe(62);
  });
});
