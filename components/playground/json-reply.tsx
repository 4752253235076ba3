"use client";

/**
 * A playground reply that is JSON: pretty-printed with a copy button and, once the reply is
 * complete and the response format carries a json_schema, a badge saying whether it matches.
 *
 * JsonReply renders nothing for text that is not JSON, so the caller picks the view first:
 *
 *   if (parseJsonReply(text)) return <JsonReply text={text} responseFormat={format} complete={done} />;
 *   return (<>
 *     <Markdown text={text} />
 *     {done && expectsJson(format) ? <NotJsonBadge /> : null}
 *   </>);
 */

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { checkSample } from "@/app/(console)/assistants/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CheckIcon } from "@/components/ui/icons";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { parseJsonReply, responseSchemaOf, type ResponseSchema } from "@/lib/playground/json-reply";

type JsonReplyProps = {
  text: string;
  responseFormat: ResponseFormat | null;
  /** The reply is final: only then is it checked against the schema (a partial one never matches). */
  complete: boolean;
};

export function JsonReply({ text, responseFormat, complete }: JsonReplyProps) {
  const parsed = useMemo(() => parseJsonReply(text), [text]);
  const target = responseSchemaOf(responseFormat);
  if (!parsed) return null;
  return (
    <div className="flex min-w-0 flex-col items-start gap-2">
      <div className="w-full overflow-hidden rounded-lg border bg-code">
        <div className="flex items-center justify-between gap-3 border-b py-1 pr-1 pl-3">
          <span className="font-mono text-xs text-muted-foreground">json</span>
          <CopyButton label="JSON" text={parsed.pretty} stateText />
        </div>
        {/* Focusable so keyboard users can scroll a long or wide reply. */}
        <pre tabIndex={0} className="max-h-96 overflow-auto p-3 font-mono text-[0.8125rem] leading-relaxed">
          {parsed.pretty}
        </pre>
      </div>
      {complete && target ? <SchemaVerdict target={target} value={parsed.value} replyText={text} /> : null}
    </div>
  );
}

/** Shown by the caller when the format asks for JSON and the complete reply is not JSON. */
export function NotJsonBadge({ className }: { className?: string }) {
  return (
    <Badge variant="destructive" className={className} title="The response format asks for JSON, but this reply does not parse as a JSON object or array.">
      Not valid JSON
    </Badge>
  );
}

type SchemaVerdictProps = { target: ResponseSchema; value: unknown; replyText: string };

/**
 * Validation runs on the server (checkSample, Ajv): Ajv compiles schemas with `new Function`,
 * which the console's CSP forbids in the browser. A complete reply never changes, so its verdict
 * is cached for good.
 */
function SchemaVerdict({ target, value, replyText }: SchemaVerdictProps) {
  const schemaText = useMemo(() => JSON.stringify(target.schema), [target.schema]);
  const { data, error, isPending } = useQuery({
    queryKey: ["json-reply-check", schemaText, replyText],
    queryFn: () => checkSample({ schema: target.schema, sample: value }),
    staleTime: Infinity,
  });

  let badge: React.ReactNode;
  let problems: Array<{ path: string; message: string }> = [];
  if (isPending) {
    badge = <Badge variant="outline">Checking against {target.name}…</Badge>;
  } else if (error || !data.ok) {
    const message = error ? error.message : data.ok ? "" : data.message;
    badge = <VerdictBadge variant="neutral" text={`Could not check: ${message}`} />;
  } else if (data.data.valid) {
    badge = (
      <Badge variant="success" title={`The reply matches the response format's schema "${target.name}".`}>
        <CheckIcon aria-hidden="true" className="size-3" />
        Valid · {target.name}
      </Badge>
    );
  } else {
    // Ajv found the reply invalid without naming a problem only in odd cases; still say where.
    problems = data.data.errors.length ? data.data.errors : [{ path: "(root)", message: `does not match ${target.name}` }];
    const [first] = problems;
    badge = (
      <VerdictBadge
        variant="destructive"
        text={`Invalid · ${first?.path}: ${first?.message}`}
        title={problems.map((problem) => `${problem.path}: ${problem.message}`).join("\n")}
      />
    );
  }

  return (
    <div role="status" className="flex max-w-full min-w-0 flex-col items-start gap-1">
      {badge}
      {problems.length > 1 ? (
        <details className="text-xs text-muted-foreground">
          <summary className="cursor-pointer">All {problems.length} problems</summary>
          <ul aria-label={`Problems against ${target.name}`} className="mt-1 flex flex-col gap-0.5 pl-3">
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                <code className="font-mono">{problem.path}</code> {problem.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** A badge whose text may be long (an error message): cut with an ellipsis, whole in the tooltip. */
function VerdictBadge({ variant, text, title, className }: { variant: "neutral" | "destructive"; text: string; title?: string; className?: string }) {
  return (
    <Badge variant={variant} title={title ?? text} className={cn("min-w-0", className)}>
      <span className="truncate">{text}</span>
    </Badge>
  );
}
