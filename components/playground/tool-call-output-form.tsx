"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import type { MockOutput } from "@/lib/assistants/mock-outputs";
import { mockDraft, outputDraftError, type OutputDraft, type OutputMode } from "@/lib/playground/tool-outputs";

type ToolCallOutputFormProps = {
  /** The function name as the card is labelled (with "(2)" when the run calls it twice). */
  label: string;
  draft: OutputDraft;
  onChange: (draft: OutputDraft) => void;
  mock: MockOutput | undefined;
  disabled: boolean;
  /** Ctrl/Cmd+Enter: the parent submits if every output is ready. */
  onSubmitShortcut: () => void;
};

const MODES: { value: OutputMode; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "json", label: "JSON" },
];

/**
 * One call's output, typed or filled from the assistant's mock. A plain textarea rather than the
 * JSON code editor: outputs are short, and a native field is what browser tests and autofill expect.
 */
export function ToolCallOutputForm({ label, draft, onChange, mock, disabled, onSubmitShortcut }: ToolCallOutputFormProps) {
  const id = useId();
  const error = outputDraftError(draft.mode, draft.text);
  const errorId = `${id}-error`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={`${id}-output`} className="text-sm font-medium">
          Output for <span className="font-mono text-[0.8125rem]">{label}</span>
        </label>
        <div className="flex flex-wrap items-center gap-2">
          {mock ? (
            <Button size="sm" variant="outline" disabled={disabled} onClick={() => onChange(mockDraft(mock))}>
              Use mock output
            </Button>
          ) : null}
          <div role="radiogroup" aria-label={`Output format for ${label}`} className="flex items-center gap-3 text-sm">
            {MODES.map((mode) => (
              <label key={mode.value} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value={mode.value}
                  className="accent-primary"
                  checked={draft.mode === mode.value}
                  disabled={disabled}
                  onChange={() => onChange({ ...draft, mode: mode.value })}
                />
                {mode.label}
              </label>
            ))}
          </div>
        </div>
      </div>
      <textarea
        id={`${id}-output`}
        rows={draft.mode === "json" ? 5 : 3}
        spellCheck={false}
        value={draft.text}
        disabled={disabled}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? errorId : undefined}
        placeholder={draft.mode === "json" ? '{"temperature": 21, "unit": "celsius"}' : "What the function returned"}
        onChange={(event) => onChange({ ...draft, text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
          event.preventDefault();
          onSubmitShortcut();
        }}
        className={cn(inputClasses, "h-auto resize-y py-2 font-mono text-[0.8125rem]")}
      />
      {error ? (
        <p id={errorId} className="text-[0.8125rem] text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
