import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { escapeXml, junitXml, type JUnitCase } from "@/lib/assistant-tests/junit";

// The CLI's JUnit XML parses as XML (nothing a reply contains can break it) and says what CI
// reporters read: counts, one testcase per attempt, failure/error/skipped with the reasons.

function read(xml: string): { document: Document; problems: string[] } {
  const problems: string[] = [];
  const report = (level: string) => (message: string) => void problems.push(`${level}: ${message}`);
  const document = new DOMParser({ errorHandler: { warning: report("warning"), error: report("error"), fatalError: report("fatal") } }).parseFromString(xml, "text/xml") as unknown as Document;
  return { document, problems };
}

function parse(xml: string): Document {
  const { document, problems } = read(xml);
  expect(problems).toEqual([]);
  return document;
}

const cases: JUnitCase[] = [
  { name: "greets #1", classname: "assistant.tests", time_ms: 1234, status: "passed", messages: [] },
  { name: "refund <policy> & \"quotes\" #1", classname: "assistant.tests", time_ms: 800, status: "failed", messages: ['The reply does not contain "30 days".', "Total time 9000 ms is over 5000 ms."], output: "user: refund?\u0000\u0007\nassistant: </system-out><x>" },
  { name: "books #1", classname: "assistant.tests", time_ms: null, status: "errored", messages: ["Turn 1 called book_flight, which has no mock output."] },
  { name: "books #2", classname: "assistant.tests", time_ms: null, status: "cancelled", messages: [] },
];

describe("junitXml", () => {
  it("writes well-formed XML with the counts and each attempt's outcome", () => {
    const document = parse(junitXml({ name: "Support bot v3", id: "trun_1", timestamp: "2026-12-07T01:00:00Z", cases }));
    const suites = document.getElementsByTagName("testsuites")[0]!;
    expect([suites.getAttribute("tests"), suites.getAttribute("failures"), suites.getAttribute("errors"), suites.getAttribute("skipped"), suites.getAttribute("time")]).toEqual(["4", "1", "1", "1", "2.034"]);
    const testcases = Array.from(document.getElementsByTagName("testcase"));
    expect(testcases.map((element) => element.getAttribute("name"))).toEqual(cases.map((item) => item.name));
    const failure = testcases[1]!.getElementsByTagName("failure")[0]!;
    expect(failure.getAttribute("message")).toBe('The reply does not contain "30 days".');
    expect(failure.textContent).toBe('The reply does not contain "30 days".\nTotal time 9000 ms is over 5000 ms.');
    // Characters XML cannot hold are dropped; markup in a transcript stays text.
    expect(testcases[1]!.getElementsByTagName("system-out")[0]!.textContent).toBe("user: refund?\nassistant: </system-out><x>");
    expect(testcases[2]!.getElementsByTagName("error")[0]!.getAttribute("message")).toContain("book_flight");
    expect(testcases[3]!.getElementsByTagName("skipped")).toHaveLength(1);
    expect(testcases[0]!.childNodes).toHaveLength(0);
  });

  it("the check notices XML that is not well formed", () => {
    expect(read("<testsuites><testcase name=\"a & b\"></testsuites>").problems.length).toBeGreaterThan(0);
  });

  it("escapes the five XML characters", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
  });
});
