"use client";

import { useState } from "react";
import { JsonCodeEditor } from "@/components/schema-builder/json-code-editor";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import type { MockOutput } from "@/lib/assistants/mock-outputs";
import { describeJsonError, parseJsonText } from "@/lib/schema-builder/json-text";

type MockOutputFieldProps = {
  id: string;
  functionName: string;
  value: MockOutput | undefined;
  onChange: (value: MockOutput | undefined) => void;
  error?: string;
  readOnly?: boolean;
};

/**
 * The output the playground offers with one click when the model calls this function. Saved with
 * the assistant (`mock_outputs`); JSON mocks must parse, which is checked here and on the server.
 */
export function MockOutputField({ id, functionName, value, onChange, error, readOnly }: MockOutputFieldProps) {
  // An empty mock is no mock (nothing saved), but the format picked for it must hold until typing starts.
  const [picked, setPicked] = useState<MockOutput["format"]>("json");
  const format = value?.format ?? picked;
  const output = value?.output ?? "";
  const syntax = format === "json" && output.trim() !== "" ? parseJsonText(output) : null;
  const shown = syntax && !syntax.ok ? `Not valid JSON: ${describeJsonError(syntax)}` : error;
  const set = (next: Partial<MockOutput>) => {
    const merged = { format, output, ...next };
    setPicked(merged.format);
    onChange(merged.output === "" ? undefined : merged);
  };
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-label`} className="text-sm font-medium">
          Mock output{functionName ? ` of ${functionName}` : ""}
        </span>
        <div role="radiogroup" aria-label="Mock output format" className="flex items-center gap-3 text-sm">
          {(["json", "text"] as const).map((option) => (
            <label key={option} className="flex items-center gap-1.5">
              <input type="radio" name={`${id}-format`} className="accent-primary" checked={format === option} disabled={readOnly} onChange={() => set({ format: option })} />
              {option === "json" ? "JSON" : "Text"}
            </label>
          ))}
          {value && !readOnly ? (
            <Button size="sm" variant="ghost" onClick={() => onChange(undefined)}>
              Clear
            </Button>
          ) : null}
        </div>
      </div>
      {format === "json" ? (
        <JsonCodeEditor
          value={output}
          onChange={(text) => set({ output: text })}
          labelledBy={`${id}-label`}
          describedBy={`${id}-hint`}
          invalid={Boolean(shown)}
          readOnly={readOnly}
          placeholder='{"temperature": 21, "unit": "celsius"}'
          className="max-h-60 overflow-auto"
        />
      ) : (
        <textarea
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint`}
          rows={4}
          value={output}
          disabled={readOnly}
          onChange={(event) => set({ output: event.target.value })}
          className={cn(inputClasses, "h-auto py-2 text-[0.8125rem]")}
        />
      )}
      {shown ? <p className="text-[0.8125rem] text-destructive">{shown}</p> : null}
      <p id={`${id}-hint`} className="text-[0.8125rem] text-muted-foreground">
        Offered in the playground when the model calls this function; empty means none.
      </p>
    </div>
  );
}
