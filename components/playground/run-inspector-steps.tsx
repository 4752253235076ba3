import { CodeCallDetails } from "@/components/playground/code-call";
import { FileSearchCallDetails } from "@/components/playground/file-search-call";
import { InspectorSection, ValueBlock } from "@/components/playground/run-inspector-parts";
import { Badge } from "@/components/ui/badge";
import { formatUsage, prettyJsonText, statusVariant, type StepView } from "@/lib/playground/inspector";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";
import { serverCallBadge, serverCallSummary } from "@/lib/playground/server-calls";

const TYPE_LABELS: Record<StepView["type"], string> = { message_creation: "Message creation", tool_calls: "Tool calls" };

function ToolCallDetails({ call }: { call: StreamedToolCall }) {
  const server = call.server;
  // A plugin or MCP call (issue 24): what it called, where it stands and how long it took, as its chat card says.
  const badge = server ? serverCallBadge(server, undefined, null) : null;
  return (
    <li className="flex flex-col gap-1">
      <div className="flex min-w-0 items-baseline gap-2">
        <span className="font-mono text-xs font-medium">{call.name || "(unnamed)"}</span>
        <span className="truncate font-mono text-[0.6875rem] text-muted-foreground">{call.id}</span>
        {badge ? (
          <Badge variant={badge.variant} className="ml-auto self-center">
            {badge.label}
          </Badge>
        ) : null}
      </div>
      {server ? <p className="text-xs text-muted-foreground">{serverCallSummary(server)}</p> : null}
      {server?.approval ? (
        <p className="text-[0.6875rem] text-muted-foreground">
          {server.approval.approved ? "Approved" : "Denied"}
          {server.approval.reason ? `: ${server.approval.reason}` : ""}
        </p>
      ) : null}
      <span className="text-[0.6875rem] text-muted-foreground">Arguments</span>
      <ValueBlock>{call.arguments ? prettyJsonText(call.arguments) : "(none)"}</ValueBlock>
      <span className="text-[0.6875rem] text-muted-foreground">Output</span>
      {call.output === null ? <p className="text-xs text-muted-foreground italic">{server ? (server.status === "awaiting_approval" ? "Waiting for approval." : "No output yet.") : "Waiting for the output."}</p> : <ValueBlock>{call.output ? prettyJsonText(call.output) : "(empty)"}</ValueBlock>}
    </li>
  );
}

type RunRef = { threadId: string; runId: string };

function StepItem({ step, run }: { step: StepView; run: RunRef }) {
  return (
    <li className="flex flex-col gap-1.5 rounded-md border px-2.5 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium">{TYPE_LABELS[step.type]}</span>
        <Badge variant={statusVariant(step.status)}>{step.status}</Badge>
        <span className="ml-auto truncate font-mono text-[0.6875rem] text-muted-foreground">{step.id}</span>
      </div>
      {step.messageId ? (
        <p className="text-xs text-muted-foreground">
          Wrote message <span className="font-mono text-[0.6875rem]">{step.messageId}</span>
        </p>
      ) : null}
      {step.calls.length ? (
        <ol aria-label="Tool calls" className="flex flex-col gap-2.5">
          {step.calls.map((call, index) => (
            call.kind === "file_search" ? (
              <FileSearchCallDetails key={call.id || index} call={call} threadId={run.threadId} runId={run.runId} />
            ) : call.kind === "code_interpreter" ? (
              <CodeCallDetails key={call.id || index} call={call} />
            ) : (
              <ToolCallDetails key={call.id || index} call={call} />
            )
          ))}
        </ol>
      ) : step.type === "tool_calls" ? (
        <p className="text-xs text-muted-foreground">No calls yet.</p>
      ) : null}
      {step.lastError ? (
        <p className="text-xs text-destructive">
          <span className="font-mono text-[0.6875rem]">{step.lastError.code}</span> {step.lastError.message}
        </p>
      ) : null}
      {step.usage ? <p className="text-[0.6875rem] text-muted-foreground tabular-nums">{formatUsage(step.usage)}</p> : null}
    </li>
  );
}

type StepsSectionProps = RunRef & { steps: StepView[]; moreSteps: boolean; error: string | null; limit: number };

export function StepsSection({ threadId, runId, steps, moreSteps, error, limit }: StepsSectionProps) {
  return (
    <InspectorSection title="Steps">
      {error ? <p className="text-xs text-destructive">Could not load the steps: {error}</p> : null}
      {steps.length ? (
        <ol aria-label="Run steps" className="flex flex-col gap-2">
          {steps.map((step) => (
            <StepItem key={step.id} step={step} run={{ threadId, runId }} />
          ))}
        </ol>
      ) : (
        <p className="text-xs text-muted-foreground">No steps yet.</p>
      )}
      {moreSteps ? <p className="text-[0.6875rem] text-muted-foreground">Showing the first {limit} steps.</p> : null}
    </InspectorSection>
  );
}
