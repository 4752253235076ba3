import { describe, expect, it } from "vitest";
import { findLoneSurrogate, hasLoneSurrogate, toWellFormed } from "@/lib/unicode";

describe("lone surrogates", () => {
  it("finds unpaired high and low surrogates, and accepts real pairs", () => {
    for (const bad of ["\ud800", "a\ud800b", "\udc00", "\udc00\ud800", "\ud83d\ud83d\ude00"]) expect(hasLoneSurrogate(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["", "plain", "😀", "\ud83d\ude00 and 🦊", "\ufffd"]) expect(hasLoneSurrogate(good), good).toBe(false);
  });

  it("reports the path of the first bad string, keys included", () => {
    expect(findLoneSurrogate({ a: ["ok", { b: "\ud800" }] })).toEqual(["a", 1, "b"]);
    expect(findLoneSurrogate({ meta: { "k\udfff": "v" } })).toEqual(["meta", "k\udfff"]);
    expect(findLoneSurrogate({ a: 1, b: null, c: [true, "😀"] })).toBeNull();
    expect(findLoneSurrogate("\ud800")).toEqual([]);
  });

  it("replaces them with U+FFFD for display", () => {
    expect(toWellFormed("a\ud800b\udc00😀")).toBe("a\ufffdb\ufffd😀");
  });
});

describe("deep bodies", () => {
  it("walks 100,000 levels without overflowing the stack", () => {
    let deep: unknown = "\ud800";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(findLoneSurrogate(deep)).toHaveLength(100_000);
  });
});

describe("bodies with shared or circular references (as React's decodeReply builds them)", () => {
  it("ends on a cycle, and still finds a bad string inside one", () => {
    const loop: Record<string, unknown> = { name: "ok" };
    loop.self = loop;
    expect(findLoneSurrogate({ email: "a", x: loop })).toBeNull();
    loop.bad = "\ud800";
    expect(findLoneSurrogate({ email: "a", x: loop })).toEqual(["x", "bad"]);
  });

  it("walks each shared object once: 60 levels of two references to the same child", () => {
    let node: Record<string, unknown> = { leaf: "ok" };
    for (let level = 0; level < 60; level++) node = { a: node, b: node };
    expect(findLoneSurrogate(node)).toBeNull();
  });
});
