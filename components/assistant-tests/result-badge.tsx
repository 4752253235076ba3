import Link from "next/link";
import { Badge } from "@/components/ui/badge";

// A test run's outcome in one badge ("Tests 3/4"), linking to the run: on a version in History
// and on an assistant in the assistants list.

export type TestResultSummary = { assistantId: string; testRunId: string; passed: number; decided: number; status: string };

export function TestResultBadge({ result, label }: { result: TestResultSummary; label: string }) {
  const running = result.status === "queued" || result.status === "in_progress";
  const green = !running && result.decided > 0 && result.passed === result.decided;
  const text = running ? "Tests running" : `Tests ${result.passed}/${result.decided}`;
  return (
    <Link href={`/assistants/${result.assistantId}/tests/runs/${result.testRunId}`} aria-label={`${label}: ${running ? "tests running" : `${result.passed} of ${result.decided} test attempts passed`}`} className="rounded-md">
      <Badge variant={running ? "neutral" : green ? "success" : "destructive"}>{text}</Badge>
    </Link>
  );
}
