import { describe, expect, it } from "vitest";
import { currentSection } from "@/lib/assistants/current-section";

const at = (...tops: number[]) => tops.map((top, index) => ({ id: `s${index + 1}`, top }));

describe("currentSection", () => {
  it("is the first section before any has reached the line", () => {
    expect(currentSection(at(300, 900, 1500), 120)).toBe("s1");
  });

  it("is the last section whose top has reached the line", () => {
    expect(currentSection(at(-400, 120, 700), 120)).toBe("s2");
    expect(currentSection(at(-1400, -600, 119), 120)).toBe("s3");
    expect(currentSection(at(-1400, -600, 121), 120)).toBe("s2");
  });

  it("at the end of the page, is the last section on screen even below the line", () => {
    expect(currentSection(at(-1400, -200, 500), 120, true, 900)).toBe("s3");
    expect(currentSection(at(-1400, -200, 950), 120, true, 900)).toBe("s2");
  });

  it("is null without sections", () => {
    expect(currentSection([], 120)).toBeNull();
  });
});
