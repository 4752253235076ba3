import Link from "next/link";
import { StatusBadge } from "@/components/assistant-tests/progress";
import type { Outcome } from "@/lib/assistant-tests/evaluate";
import type { TestResultObject } from "@/lib/assistant-tests/run-wire";

// One attempt of a test: its status, time, tokens and cost, a link to its thread in the playground,
// and (opened) each turn's message, reply and assertions, then the test's own assertions. Attempts
// that did not pass start open.

function Outcomes({ outcomes, label }: { outcomes: Outcome[]; label: string }) {
  if (!outcomes.length) return null;
  return (
    <ul aria-label={label} className="flex flex-col gap-1">
      {outcomes.map((outcome, index) => (
        <li key={index} className="flex gap-2 text-sm">
          <span aria-hidden className={outcome.errored ? "text-amber-600" : outcome.pass ? "text-success" : "text-destructive"}>
            {outcome.errored ? "!" : outcome.pass ? "✓" : "✗"}
          </span>
          <span>
            <span className="font-mono text-xs">{outcome.type}</span>
            <span className="sr-only">{outcome.errored ? " could not be decided: " : outcome.pass ? " passed: " : " failed: "}</span>
            <span className="text-muted-foreground"> {outcome.reason}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AttemptDetails({ assistantId, result, showAttempt }: { assistantId: string; result: TestResultObject; showAttempt: boolean }) {
  const cost = result.usage?.cost;
  return (
    <details open={result.status === "failed" || result.status === "errored"} className="rounded-md border px-3 py-2">
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <StatusBadge status={result.status} />
        {showAttempt ? <span>Attempt {result.attempt}</span> : null}
        {result.latency_ms !== null ? <span className="tabular-nums text-muted-foreground">{result.latency_ms} ms</span> : null}
        {result.usage ? <span className="tabular-nums text-muted-foreground">{result.usage.total_tokens} tokens</span> : null}
        {cost ? <span className="tabular-nums text-muted-foreground">{cost.amount.toFixed(6)} {cost.currency}</span> : null}
        {result.thread_id ? (
          <Link href={`/assistants/${assistantId}/playground?thread=${result.thread_id}`} className="underline underline-offset-2">
            Open thread
          </Link>
        ) : null}
      </summary>
      <div className="mt-3 flex flex-col gap-3">
        {result.error ? <p className="text-sm text-destructive">{result.error}</p> : null}
        {result.turns.map((turn, index) => (
          <div key={index} className="flex flex-col gap-1">
            <p className="text-sm">
              <span className="font-medium">User:</span> {turn.content}
            </p>
            <p className="whitespace-pre-wrap text-sm">
              <span className="font-medium">Assistant:</span> {turn.reply ?? <span className="text-muted-foreground">(no reply)</span>}
            </p>
            <Outcomes outcomes={turn.outcomes} label={`Assertions on turn ${index + 1}`} />
          </div>
        ))}
        <Outcomes outcomes={result.assertions} label="Assertions on the last reply" />
      </div>
    </details>
  );
}
