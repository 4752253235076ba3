import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrames, MAX_NOTIFY_BYTES, packBatch, Reassembler, senderOf, unpackBatch } from "@/lib/runs/bus/frames";

// Frames: the sender in front, and messages too long for a NOTIFY split into chunks that fit and
// come back together, whatever the characters, the order of arrival, or another sender's chunks
// in between.

const bytes = (text: string) => Buffer.byteLength(text);

describe("bus frames", () => {
  it("sends a short message whole, with its sender", () => {
    const frames = encodeFrames("inst-a", "m1", '{"t":"keep"}');
    expect(frames).toEqual(['inst-a|w|{"t":"keep"}']);
    expect(senderOf(frames[0]!)).toBe("inst-a");
    expect(new Reassembler().accept(frames[0]!)).toEqual({ from: "inst-a", message: '{"t":"keep"}' });
  });

  it("splits a 100 KB message into frames under Postgres's 8000-byte limit and puts it back together", () => {
    const message = JSON.stringify({ text: "é€😀|x".repeat(20_000) });
    const frames = encodeFrames("inst-a", "m1", message);
    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    const reassembler = new Reassembler();
    const results = frames.map((frame) => reassembler.accept(frame));
    expect(results.slice(0, -1).every((result) => result === null)).toBe(true);
    expect(results.at(-1)).toEqual({ from: "inst-a", message });
    expect(reassembler.waiting).toBe(0);
  });

  it("never cuts a character in two, and reassembles in any order between another sender's chunks", () => {
    fc.assert(
      fc.property(
        // Characters of 1 to 4 bytes in UTF-8 (the last a surrogate pair), and the frames' own separators.
        fc.string({ unit: fc.constantFrom("a", "|", ":", "\n", "é", "€", "😀"), minLength: 0, maxLength: 300 }),
        fc.string({ unit: fc.constantFrom("b", "ß", "語", "🎉"), minLength: 100, maxLength: 300 }),
        fc.integer({ min: 90, max: 160 }),
        fc.integer(),
        (text, other, maxBytes, seed) => {
          const mine = encodeFrames("a", "m1", text, maxBytes);
          const theirs = encodeFrames("b", "m1", other, maxBytes);
          // A chunk cut inside a UTF-8 sequence would decode to U+FFFD, and the texts below would differ.
          expect(Math.max(...[...mine, ...theirs].map(bytes))).toBeLessThanOrEqual(maxBytes);
          // Interleave both senders' frames in a shuffled order.
          const all = [...mine, ...theirs].map((frame, i) => ({ frame, key: (i * 7919 + seed) % 104729 })).sort((x, y) => x.key - y.key);
          const reassembler = new Reassembler();
          const done = all.map(({ frame }) => reassembler.accept(frame)).filter((result) => result !== null);
          expect(done).toHaveLength(2);
          expect(done.find((result) => result.from === "a")?.message).toBe(text);
          expect(done.find((result) => result.from === "b")?.message).toBe(other);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps a duplicated chunk from completing a message twice", () => {
    const frames = encodeFrames("a", "m1", "x".repeat(500), 100);
    const reassembler = new Reassembler();
    expect(reassembler.accept(frames[0]!)).toBeNull();
    expect(reassembler.accept(frames[0]!)).toBeNull();
    const results = frames.slice(1).map((frame) => reassembler.accept(frame));
    expect(results.at(-1)?.message).toBe("x".repeat(500));
  });

  it("forgets a message whose chunks stopped coming (a dropped connection lost one)", async () => {
    const frames = encodeFrames("a", "m1", "y".repeat(500), 100);
    const reassembler = new Reassembler(20);
    reassembler.accept(frames[0]!);
    expect(reassembler.waiting).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(reassembler.waiting).toBe(0);
    // The rest arriving late does not complete anything.
    expect(frames.slice(1).map((frame) => reassembler.accept(frame)).filter(Boolean)).toEqual([]);
    reassembler.clear();
  });

  it("packs several messages into one payload and back", () => {
    const messages = ['{"t":"keep"}', "", "with:colons:1:2", "é😀".repeat(50)];
    expect(unpackBatch(packBatch(messages))).toEqual(messages);
    expect(unpackBatch(packBatch([]))).toEqual([]);
    for (const junk of ["x", "5:abc", ":abc", "-1:", "3:abc4:ab"]) expect(unpackBatch(junk)).toBeNull();
  });

  it("ignores frames that are not the bus's", () => {
    const reassembler = new Reassembler();
    for (const junk of ["", "no bars", "a|x|y", "a|c|m|5|3|part", "a|c|m|-1|3|part", "a|c||0|1|part"]) expect(reassembler.accept(junk)).toBeNull();
  });
});
