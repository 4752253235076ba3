"use client";

import { useQuery } from "@tanstack/react-query";
import { checkSample } from "@/app/(console)/assistants/actions";
import { CallBlock } from "@/components/playground/call-block";
import { CodeCallCard } from "@/components/playground/code-call";
import { ServerCallCard, type ApprovalControls } from "@/components/playground/server-call-card";
import { ToolCallOutputForm } from "@/components/playground/tool-call-output-form";
import { Badge } from "@/components/ui/badge";
import type { MockOutput } from "@/lib/assistants/mock-outputs";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";
import { prettyArguments, prettyOutput, type OutputDraft } from "@/lib/playground/tool-outputs";
import type { JsonSchema } from "@/lib/schema-builder/types";

export type ToolCallCardState = "waiting" | "submitting" | "submitted" | "expired" | "cancelled" | "unanswered";

const STATUS_BADGES: Record<ToolCallCardState, { label: string; variant: "neutral" | "outline" | "success" | "destructive" }> = {
  waiting: { label: "Waiting for output", variant: "outline" },
  submitting: { label: "Submitting", variant: "neutral" },
  submitted: { label: "Submitted", variant: "success" },
  expired: { label: "Expired", variant: "destructive" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  unanswered: { label: "No output", variant: "outline" },
};

/**
 * The arguments checked against the function's schema on the server (Ajv compiles validators
 * with `new Function`, which the console's CSP forbids here). Arguments are final once the run
 * asks for outputs, so one check per call; the result is cached for the life of the page.
 */
function ArgumentsCheck({ schema, raw, parsed }: { schema: JsonSchema; raw: string; parsed: unknown }) {
  const { data, error, isPending } = useQuery({
    queryKey: ["tool-call-arguments", JSON.stringify(schema), raw],
    queryFn: async () => {
      const result = await checkSample({ schema, sample: parsed });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    staleTime: Infinity,
    // A refusal (a schema Ajv cannot use, a signed-out session) is not fixed by asking again.
    retry: false,
  });
  if (error) {
    return (
      <Badge variant="outline" className="whitespace-normal">
        Could not check the arguments: {error.message}
      </Badge>
    );
  }
  if (isPending) return <Badge variant="neutral">Checking the arguments…</Badge>;
  if (data.valid) return <Badge variant="success">Arguments match the schema</Badge>;
  const [first, ...rest] = data.errors;
  const all = data.errors.map((problem) => `${problem.path} ${problem.message}`).join("\n");
  return (
    <Badge variant="destructive" className="whitespace-normal" title={all}>
      Arguments do not match: {first ? `${first.path} ${first.message}` : "the schema refuses them"}
      {rest.length > 0 ? ` (and ${rest.length} more)` : ""}
    </Badge>
  );
}

type ToolCallCardProps = {
  call: StreamedToolCall;
  /** The name the card is labelled with: the function's, plus "(2)" when the run calls it twice. */
  label: string;
  schema: JsonSchema | null | "unknown";
  state: ToolCallCardState;
  /** What was sent: the call's own `output`, or what this page submitted before the stream says so. */
  output: string | null;
  /** Present while the output can be typed. */
  form: {
    draft: OutputDraft;
    onChange: (draft: OutputDraft) => void;
    mock: MockOutput | undefined;
    disabled: boolean;
    onSubmitShortcut: () => void;
  } | null;
  /** A plugin or MCP call awaiting approval, while this page can decide on it. */
  approval?: ApprovalControls | null;
};

export function ToolCallCard(props: ToolCallCardProps) {
  // code_interpreter runs on the server: its card shows the code, what it printed, drew and wrote.
  if (props.call.kind === "code_interpreter") return <CodeCallCard call={props.call} label={props.label} state={props.state} />;
  // Plugin operations and MCP tools run on the server too: approved or denied here, never answered.
  if (props.call.server) return <ServerCallCard call={props.call} server={props.call.server} label={props.label} state={props.state} approval={props.approval ?? null} />;
  return <FunctionCallCard {...props} />;
}

function FunctionCallCard({ call, label, schema, state, output, form }: ToolCallCardProps) {
  const args = prettyArguments(call.arguments);
  // file_search runs on the server: no arguments on the wire, nothing to answer; its output is the results.
  const search = call.kind === "file_search";
  const status = search && state === "submitted" ? { label: "Searched", variant: "success" as const } : STATUS_BADGES[state];
  const shown = output === null ? null : prettyOutput(output);
  return (
    <article aria-label={`Tool call ${label}`} className="flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-3 text-card-foreground">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-baseline gap-2">
          <span className="truncate font-mono text-sm font-medium">{call.name || "(no name)"}</span>
          <span className="truncate font-mono text-xs text-muted-foreground">{call.id}</span>
        </div>
        <Badge variant={status.variant}>{status.label}</Badge>
      </header>

      {search ? null : (
        <CallBlock caption="Arguments" text={args.pretty}>
          <div className="flex flex-wrap gap-1.5">
            {args.valid ? null : <Badge variant="destructive">Arguments are not valid JSON</Badge>}
            {schema === "unknown" ? <Badge variant="destructive">Not one of the run&apos;s functions</Badge> : null}
            {args.valid && schema !== null && schema !== "unknown" ? <ArgumentsCheck schema={schema} raw={call.arguments} parsed={args.parsed} /> : null}
          </div>
        </CallBlock>
      )}

      {shown !== null ? (
        <CallBlock caption={search ? "Results (file, score)" : `Output${shown.json ? " (JSON)" : ""}`} text={shown.text} wrap />
      ) : form ? (
        <ToolCallOutputForm label={label} {...form} />
      ) : null}
    </article>
  );
}
