import type { Page } from "@playwright/test";

// What a person would see going wrong in the browser's console while a spec drives a page: console
// errors, uncaught exceptions, Content-Security-Policy violations, and responses with status ≥ 400.
// The fixture in e2e/fixtures.ts watches every page of a test and fails the test on any of them,
// unless the test allowed that one problem by name (`pageProblems.allow(pattern, why)`).

export type PageProblem = { kind: "console" | "pageerror" | "csp" | "response"; text: string };

export type PageProblems = {
  /**
   * Lets problems matching `pattern` pass in this test only: for a spec that provokes an error on
   * purpose (a refused request, a page that fails). `why` says what is expected, for the reader.
   */
  allow(pattern: RegExp, why: string): void;
  /** Everything seen so far that no `allow` covers. */
  unexpected(): PageProblem[];
};

const CSP_BINDING = "__e2eReportCspViolation";

export function createPageProblems(): PageProblems & { watch(page: Page): Promise<void> } {
  const seen: PageProblem[] = [];
  const allowed: RegExp[] = [];
  const watched = new WeakSet<Page>();
  const record = (problem: PageProblem) => seen.push(problem);
  return {
    allow(pattern) {
      allowed.push(pattern);
    },
    unexpected() {
      return seen.filter((problem) => !allowed.some((pattern) => pattern.test(`${problem.kind}: ${problem.text}`)));
    },
    async watch(page) {
      if (watched.has(page)) return;
      watched.add(page);
      page.on("console", (message) => {
        // A failed response shows here too ("Failed to load resource", with its URL as the location):
        // kept, since the browser's own requests (the favicon) raise no response event.
        if (message.type() !== "error") return;
        const { url, lineNumber } = message.location();
        record({ kind: "console", text: `${message.text()}${url ? ` (${url}:${lineNumber})` : ""}` });
      });
      page.on("pageerror", (error) => record({ kind: "pageerror", text: `${error.name}: ${error.message}` }));
      page.on("response", (response) => {
        if (response.status() >= 400) record({ kind: "response", text: `${response.status()} ${response.request().method()} ${response.url()}` });
      });
      // The console reports most violations too, but not every one (a report-only or a caught
      // `new Function` depends on the browser): the event is the reliable signal.
      await page.exposeBinding(CSP_BINDING, (_source, text: string) => record({ kind: "csp", text }));
      await page.addInitScript((binding) => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = (window as unknown as Record<string, (text: string) => void>)[binding];
          report?.(`${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`);
        });
      }, CSP_BINDING);
    },
  };
}

export function describeProblems(problems: PageProblem[]): string {
  return problems.map((problem) => `  - ${problem.kind}: ${problem.text}`).join("\n");
}
