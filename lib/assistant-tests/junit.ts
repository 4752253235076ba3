// JUnit XML for CI (the CLI's --junit): one <testsuite> per test run, one <testcase> per attempt,
// with <failure> carrying the failed assertions' reasons, <error> an attempt that could not be
// decided, <skipped> a cancelled one. The format is the one Jenkins, GitLab and GitHub reporters
// read (testsuites > testsuite > testcase); text is escaped, and characters XML 1.0 cannot hold are
// dropped.

export type JUnitCase = {
  name: string;
  classname: string;
  time_ms: number | null;
  status: "passed" | "failed" | "errored" | "cancelled";
  /** Why it failed or errored, one line per reason. */
  messages: string[];
  /** Attached as system-out: the transcript, say. */
  output?: string;
};

export type JUnitSuite = { name: string; id: string; timestamp: string; cases: JUnitCase[] };

// XML 1.0 allows tab, newline, carriage return and the ranges below; anything else cannot be written, even escaped.
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export const escapeXml = (text: string) => text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);

export function junitXml(suite: JUnitSuite): string {
  const count = (status: JUnitCase["status"]) => suite.cases.filter((item) => item.status === status).length;
  const time = suite.cases.reduce((sum, item) => sum + (item.time_ms ?? 0), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${count("failed")}" errors="${count("errored")}" skipped="${count("cancelled")}" time="${seconds(time)}">`,
    `  <testsuite name="${escapeXml(suite.name)}" id="${escapeXml(suite.id)}" timestamp="${escapeXml(suite.timestamp)}" tests="${suite.cases.length}" failures="${count("failed")}" errors="${count("errored")}" skipped="${count("cancelled")}" time="${seconds(time)}">`,
  ];
  for (const item of suite.cases) {
    const open = `    <testcase name="${escapeXml(item.name)}" classname="${escapeXml(item.classname)}" time="${seconds(item.time_ms)}"`;
    const message = escapeXml(item.messages[0] ?? "");
    const body = escapeXml(item.messages.join("\n"));
    const inner =
      item.status === "failed"
        ? `      <failure message="${message}" type="assertion">${body}</failure>`
        : item.status === "errored"
          ? `      <error message="${message}" type="error">${body}</error>`
          : item.status === "cancelled"
            ? `      <skipped message="${message || "cancelled"}"/>`
            : null;
    const output = item.output ? `      <system-out>${escapeXml(item.output)}</system-out>` : null;
    if (!inner && !output) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...[inner, output].filter((line): line is string => line !== null), "    </testcase>");
  }
  lines.push("  </testsuite>", "</testsuites>", "");
  return lines.join("\n");
}
