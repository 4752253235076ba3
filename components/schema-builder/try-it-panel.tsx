"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { checkSample } from "@/app/(console)/assistants/actions";
import { JsonCodeEditor } from "@/components/schema-builder/json-code-editor";
import { Button } from "@/components/ui/button";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { exampleFor } from "@/lib/schema-builder/example";
import { describeJsonError, formatJson, parseJsonText } from "@/lib/schema-builder/json-text";
import type { JsonSchema } from "@/lib/schema-builder/types";

type TryItPanelProps = {
  id: string;
  schema: JsonSchema;
  /** "Sample arguments" for a function, "Sample response" for a response format. */
  sampleLabel: string;
  /** The schema has errors: a check against it would mean little, and Ajv may refuse it. */
  schemaBroken: boolean;
};

/** Checks run this long after the last keystroke, not per key. */
const CHECK_DEBOUNCE_MS = 300;

/**
 * A sample checked against the schema on the server with Ajv (the browser's CSP rules out Ajv's
 * code generation), plus a generated example that fits. The sample is a scratchpad: not saved.
 */
export function TryItPanel({ id, schema, sampleLabel, schemaBroken }: TryItPanelProps) {
  const [text, setText] = useState("");
  // Both are debounced: editing the schema with a sample in place must not send a check per key.
  const currentSchemaText = JSON.stringify(schema);
  const schemaText = useDebouncedValue(currentSchemaText, CHECK_DEBOUNCE_MS);
  const settledText = useDebouncedValue(text, CHECK_DEBOUNCE_MS);
  const parsed = settledText.trim() === "" ? null : parseJsonText(settledText);
  const sample = parsed?.ok ? parsed.value : undefined;

  const { data, error, isFetching } = useQuery({
    queryKey: ["schema-sample", schemaText, settledText],
    enabled: Boolean(parsed?.ok) && !schemaBroken,
    queryFn: async () => {
      const result = await checkSample({ schema: JSON.parse(schemaText) as JsonSchema, sample });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

  let verdict: React.ReactNode = <span className="text-muted-foreground">Type or generate a sample to check it against the schema.</span>;
  if (parsed && !parsed.ok) verdict = <span className="text-destructive">Not valid JSON: {describeJsonError(parsed)}</span>;
  else if (parsed && schemaBroken) verdict = <span className="text-muted-foreground">Fix the schema&apos;s errors first.</span>;
  else if (parsed && error) verdict = <span className="text-destructive">Could not check: {error.message}</span>;
  else if (parsed && data && !isFetching && text === settledText && currentSchemaText === schemaText) {
    verdict = data.valid ? (
      <span className="text-success">✓ Valid: the sample matches the schema.</span>
    ) : (
      <span className="flex flex-col gap-1">
        <span className="text-destructive">✗ Does not match the schema:</span>
        <ul aria-label="Sample errors" className="flex flex-col gap-0.5">
          {data.errors.map((problem) => (
            <li key={`${problem.path}:${problem.message}`}>
              <code className="font-mono text-xs">{problem.path}</code> {problem.message}
            </li>
          ))}
        </ul>
      </span>
    );
  } else if (parsed) verdict = <span className="text-muted-foreground">Checking…</span>;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-label`} className="text-sm font-medium">
          {sampleLabel}
        </span>
        <Button size="sm" variant="outline" disabled={schemaBroken} onClick={() => setText(formatJson(exampleFor(schema)))}>
          Generate example
        </Button>
      </div>
      <JsonCodeEditor value={text} onChange={setText} labelledBy={`${id}-label`} describedBy={`${id}-verdict`} placeholder='{"location": "Oslo"}' className="max-h-72 overflow-auto" />
      <div id={`${id}-verdict`} role="status" aria-label={`${sampleLabel} check`} className="text-[0.8125rem]">
        {verdict}
      </div>
    </div>
  );
}
