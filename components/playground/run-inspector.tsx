"use client";

import { EventsSection } from "@/components/playground/run-inspector-events";
import { formatCost } from "@/lib/pricing/format";
import { DetailList, InspectorSection } from "@/components/playground/run-inspector-parts";
import { CopyButton } from "@/components/ui/copy-button";
import { SettingsSection } from "@/components/playground/run-inspector-settings";
import { StepsSection } from "@/components/playground/run-inspector-steps";
import { WebhooksSection } from "@/components/playground/run-inspector-webhooks";
import { useRunDetails } from "@/components/playground/use-run-details";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatCount, formatDuration, formatOffset, formatRate, runTimeline, statusVariant, streamTimeline, type TimelineEntry } from "@/lib/playground/inspector";
import { inspectorTimings, timedRunTimeline } from "@/lib/playground/inspector-timings";
import type { RunEntry } from "@/lib/playground/live-run-state";
import { STEPS_LIMIT, type LiveRunStore } from "@/lib/playground/live-run-store";
import { streamTimings } from "@/lib/playground/live-run-view";
import type { RunObject } from "@/lib/runs/wire";

// What a run did, beside the playground's chat: its status and timeline, timings and usage, the
// settings it ran with, its steps, and (for a run streamed in this tab) every raw event. All of it
// from the playground's live-run store, which reads a run from another tab or from before a
// reload from the API (without the stream-only parts).

type RunInspectorProps = {
  store: LiveRunStore;
  threadId: string;
  runId: string | null;
  /** Editors and owners may redeliver the run's webhooks. */
  canEdit: boolean;
  className?: string;
};

const DASH = "—";

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol aria-label="Status timeline" className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs">
      {entries.map((entry, index) => (
        <li key={`${entry.status}-${index}`} className="flex items-center gap-1.5">
          {index > 0 ? (
            <span aria-hidden="true" className="text-muted-foreground">
              →
            </span>
          ) : null}
          <span className="font-mono text-[0.6875rem]">{entry.status}</span>
          {entry.offsetMs !== null ? <span className="text-muted-foreground tabular-nums">{formatOffset(entry.offsetMs)}</span> : null}
        </li>
      ))}
    </ol>
  );
}

function StatusSection({ run, seen }: { run: RunObject; seen: RunEntry | null }) {
  // The stream saw each status to the millisecond, and so did the run's stored timings; the API's
  // own timestamps (a run from before those were kept) are whole seconds.
  const streamed = seen?.statuses.length ? streamTimeline(seen.statuses) : null;
  const timed = streamed ?? timedRunTimeline(run);
  return (
    <InspectorSection title="Status">
      <div className="flex min-w-0 items-center gap-2">
        <Badge variant={statusVariant(run.status)}>{run.status}</Badge>
        <code className="min-w-0 truncate font-mono text-[0.6875rem] text-muted-foreground">{run.id}</code>
        <CopyButton text={run.id} label="run id" />
      </div>
      {seen?.error ? (
        <p className="text-xs text-destructive">
          Stream error{seen.error.code ? <span className="font-mono text-[0.6875rem]"> {seen.error.code}</span> : null}: {seen.error.message}
        </p>
      ) : null}
      {run.last_error ? (
        <p className="text-xs text-destructive">
          <span className="font-mono text-[0.6875rem]">{run.last_error.code}</span> {run.last_error.message}
        </p>
      ) : null}
      {run.incomplete_details ? (
        <p className="text-xs text-muted-foreground">
          Incomplete: <span className="font-mono text-[0.6875rem]">{run.incomplete_details.reason}</span>
        </p>
      ) : null}
      <Timeline entries={timed ?? runTimeline(run)} />
      {timed ? null : <p className="text-[0.6875rem] text-muted-foreground">Times from the API, to the second.</p>}
    </InspectorSection>
  );
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? DASH : formatDuration(value));
const perSecond = (value: number | null | undefined) => (value === null || value === undefined ? DASH : formatRate(value));

function TimingSection({ run, seen }: { run: RunObject; seen: RunEntry | null }) {
  // Stored with the run (so a reload shows the same); this tab's stream only fills in while the first model call streams.
  const timings = inspectorTimings(run.timings, seen ? streamTimings(seen) : null);
  const tokens = (value: number | undefined) => (value === undefined ? DASH : formatCount(value));
  const several = timings.calls.length > 1;
  return (
    <InspectorSection title="Timing & usage">
      <DetailList
        rows={[
          { label: "Time to first token", value: ms(timings.timeToFirstTokenMs) },
          { label: "Total time", value: ms(timings.totalMs) },
          ...(several ? [{ label: "Model time", value: ms(timings.generationMs) }, { label: "Waiting for tool outputs", value: ms(timings.waitingMs) }] : []),
          { label: "Tokens/s", value: perSecond(timings.tokensPerSecond) },
          { label: "Prompt tokens", value: tokens(run.usage?.prompt_tokens) },
          { label: "Completion tokens", value: tokens(run.usage?.completion_tokens) },
          { label: "Total tokens", value: tokens(run.usage?.total_tokens) },
          // Only with a price for the run's model (Settings → Providers); runs before it was set have none.
          { label: "Cost", value: run.usage?.cost ? formatCost(run.usage.cost) : run.usage ? "no price set" : DASH },
        ]}
      />
      {several ? (
        <ol aria-label="Model calls" className="flex flex-col gap-0.5 text-[0.6875rem] text-muted-foreground tabular-nums">
          {timings.calls.map((call, index) => (
            <li key={index}>
              Model call {index + 1}: first token {ms(call.timeToFirstTokenMs)}, {ms(call.durationMs)}, {formatCount(call.completionTokens)} tokens, {perSecond(call.tokensPerSecond)} tokens/s
            </li>
          ))}
        </ol>
      ) : null}
      {/* Runs from before Atelier kept model call times. */}
      {timings.calls.length === 0 && timings.totalMs !== null && run.usage ? <p className="text-[0.6875rem] text-muted-foreground">This run&apos;s model calls were not timed.</p> : null}
    </InspectorSection>
  );
}

function Panel({ className, children }: { className?: string; children: React.ReactNode }) {
  return (
    // The playground's tab panel names and scrolls it; the heading is for screen-reader navigation.
    <div className={cn("flex min-h-0 flex-col", className)}>
      <h2 className="sr-only">Run inspector</h2>
      {children}
    </div>
  );
}

export function RunInspector({ store, threadId, runId, canEdit, className }: RunInspectorProps) {
  const details = useRunDetails(store, threadId, runId);
  const { seen } = details;

  if (runId === null) {
    return (
      <Panel className={className}>
        <p className="px-4 py-6 text-sm text-muted-foreground">Send a message to see what the run did.</p>
      </Panel>
    );
  }

  const { run } = details;
  return (
    <Panel className={className}>
      {run === null ? (
        <div className="px-4 py-4 text-sm">
          {seen?.error ? (
            <p className="text-destructive">The run stream failed: {seen.error.message}</p>
          ) : details.error ? (
            <p className="text-destructive">Could not load the run: {details.error}</p>
          ) : (
            <p role="status" className="text-muted-foreground">
              {details.loading ? "Loading the run…" : "Waiting for the run to start…"}
            </p>
          )}
        </div>
      ) : (
        <div className="flex flex-col divide-y">
          {details.error ? <p className="px-4 py-2 text-xs text-destructive">Could not refresh the run: {details.error}</p> : null}
          <StatusSection run={run} seen={seen} />
          <TimingSection run={run} seen={seen} />
          <SettingsSection run={run} />
          <StepsSection threadId={threadId} runId={runId} steps={details.steps} moreSteps={details.moreSteps} error={details.stepsError} limit={STEPS_LIMIT} />
          <WebhooksSection runId={runId} canRedeliver={canEdit} />
        </div>
      )}
      {seen ? (
        <div className="border-t">
          <EventsSection events={seen.events} startedAt={seen.startedAt} />
        </div>
      ) : null}
    </Panel>
  );
}
