"use client";

import { useState } from "react";
import { changedOptionCount, DEFAULT_RUN_OPTIONS, runOptionProblems, type RunOptions } from "@/lib/playground/run-options";
import { ModelInput } from "@/components/models/model-input";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// Per-send run options (overrides for the next runs from this tab, not saved anywhere): collapsed
// to one line that says how many differ from the assistant's own settings.

type Props = {
  options: RunOptions;
  onChange: (options: RunOptions) => void;
  functionNames: string[];
};

const control = "h-8 w-full rounded-md border bg-background px-2 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-destructive";

function Option({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function RunOptionsBar({ options, onChange, functionNames }: Props) {
  const [open, setOpen] = useState(false);
  const problems = runOptionProblems(options);
  const changed = changedOptionCount(options);
  const set = <K extends keyof RunOptions>(key: K, value: RunOptions[K]) => onChange({ ...options, [key]: value });
  const invalid = (key: keyof RunOptions) => ({ "aria-invalid": Boolean(problems[key]), "aria-describedby": problems[key] ? `run-option-${key}-error` : undefined });

  return (
    <section aria-label="Run options" className="border-t bg-muted/30 px-3 py-1.5">
      <div className="flex items-center justify-between gap-2">
        <button type="button" aria-expanded={open} aria-controls="run-options-panel" onClick={() => setOpen(!open)} className="text-xs font-medium text-muted-foreground hover:text-foreground">
          {open ? "▾" : "▸"} Run options{changed ? ` · ${changed} changed` : " · assistant defaults"}
        </button>
        {changed ? (
          <Button variant="ghost" size="sm" className="h-6 px-2 text-xs" onClick={() => onChange(DEFAULT_RUN_OPTIONS)}>
            Reset
          </Button>
        ) : null}
      </div>
      <div id="run-options-panel" hidden={!open} className={cn("grid grid-cols-2 gap-x-3 gap-y-2 pt-2 pb-1 lg:grid-cols-4")}>
        <Option id="run-option-model" label="Model override">
          <ModelInput id="run-option-model" value={options.model} placeholder="assistant's model" onChange={(e) => set("model", e.target.value)} onPick={(model) => set("model", model)} className={control} />
        </Option>
        <Option id="run-option-temperature" label="Temperature override" error={problems.temperature}>
          <input id="run-option-temperature" inputMode="decimal" value={options.temperature} placeholder="assistant's" onChange={(e) => set("temperature", e.target.value)} className={control} {...invalid("temperature")} />
        </Option>
        <Option id="run-option-tool-choice" label="Tool choice">
          <select id="run-option-tool-choice" value={options.toolChoice} onChange={(e) => set("toolChoice", e.target.value)} className={control}>
            <option value="auto">auto</option>
            <option value="none">none</option>
            <option value="required">required</option>
            {functionNames.map((name) => (
              <option key={name} value={`function:${name}`}>
                function: {name}
              </option>
            ))}
          </select>
        </Option>
        <Option id="run-option-response-format" label="Response format">
          <select id="run-option-response-format" value={options.responseFormat} onChange={(e) => set("responseFormat", e.target.value as RunOptions["responseFormat"])} className={control}>
            <option value="assistant">assistant&apos;s</option>
            <option value="text">text</option>
            <option value="json_object">json_object</option>
          </select>
        </Option>
        <Option id="run-option-truncation" label="Truncation">
          <select id="run-option-truncation" value={options.truncation} onChange={(e) => set("truncation", e.target.value as RunOptions["truncation"])} className={control}>
            <option value="auto">auto</option>
            <option value="last_messages">last messages</option>
          </select>
        </Option>
        {options.truncation === "last_messages" ? (
          <Option id="run-option-lastMessages" label="Messages kept" error={problems.lastMessages}>
            <input id="run-option-lastMessages" inputMode="numeric" value={options.lastMessages} onChange={(e) => set("lastMessages", e.target.value)} className={control} {...invalid("lastMessages")} />
          </Option>
        ) : null}
        <Option id="run-option-maxCompletionTokens" label="Max completion tokens" error={problems.maxCompletionTokens}>
          <input id="run-option-maxCompletionTokens" inputMode="numeric" value={options.maxCompletionTokens} placeholder="no limit" onChange={(e) => set("maxCompletionTokens", e.target.value)} className={control} {...invalid("maxCompletionTokens")} />
        </Option>
        <label className="flex items-center gap-2 self-end pb-1.5 text-sm">
          <input type="checkbox" checked={options.parallelToolCalls} onChange={(e) => set("parallelToolCalls", e.target.checked)} />
          Parallel tool calls
        </label>
        <div className="col-span-2 lg:col-span-4">
          <Option id="run-option-additional-instructions" label="Additional instructions">
            <textarea id="run-option-additional-instructions" rows={2} value={options.additionalInstructions} placeholder="appended to the instructions for this run" onChange={(e) => set("additionalInstructions", e.target.value)} className={cn(control, "h-auto py-1.5")} />
          </Option>
        </div>
      </div>
    </section>
  );
}
