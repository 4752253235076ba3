"use client";

import type { AssistantObject } from "@/lib/assistants/wire";
import { draftChanges, draftOverridesOf, overrideProblems, type DraftOverrides, type Variant } from "@/lib/playground/compare";
import { ModelInput } from "@/components/models/model-input";
import { cn } from "@/components/ui/cn";

// What a compare column runs: a saved version, a label (it follows the label when it moves), or
// the current draft with overrides of model, instructions, sampling, response format and tools.

/** A version the picker offers, newest first. */
export type VersionOption = { version: number; note: string | null; labels: string[] };

type Props = {
  /** Column number, for the controls' names. */
  index: number;
  assistant: AssistantObject;
  variant: Variant;
  onChange: (variant: Variant) => void;
  versions: readonly VersionOption[];
  labels: Readonly<Record<string, number>>;
  /** While the column's run goes on its variant stays as it is. */
  disabled: boolean;
};

const control = "h-8 w-full rounded-md border bg-background px-2 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-destructive disabled:opacity-60";

const valueOf = (variant: Variant) => (variant.kind === "draft" ? "draft" : /^\d+$/.test(variant.ref) ? `v:${variant.ref}` : `l:${variant.ref}`);

export function VariantPicker({ index, assistant, variant, onChange, versions, labels, disabled }: Props) {
  const id = `compare-${index}`;
  function pick(value: string) {
    if (value === "draft") onChange({ kind: "draft", overrides: variant.kind === "draft" ? variant.overrides : draftOverridesOf(assistant) });
    else onChange({ kind: "version", ref: value.slice(2) });
  }
  const current = valueOf(variant);
  // A version typed elsewhere (a pinned label that was removed) stays selectable.
  const listed = current === "draft" || versions.some((option) => `v:${option.version}` === current) || Object.keys(labels).some((label) => `l:${label}` === current);
  return (
    <div className="flex flex-col gap-2">
      <select id={`${id}-variant`} aria-label={`Variant of column ${index}`} value={current} disabled={disabled} onChange={(event) => pick(event.target.value)} className={control}>
        <option value="draft">Draft (current settings, with overrides)</option>
        {Object.keys(labels).length ? (
          <optgroup label="Labels">
            {Object.entries(labels).map(([label, version]) => (
              <option key={label} value={`l:${label}`}>
                {label} → v{version}
              </option>
            ))}
          </optgroup>
        ) : null}
        <optgroup label="Versions">
          {versions.map((option) => (
            <option key={option.version} value={`v:${option.version}`}>
              v{option.version}
              {option.version === assistant.version ? " (current)" : ""}
              {option.note ? ` · ${option.note.slice(0, 40)}` : ""}
            </option>
          ))}
        </optgroup>
        {listed ? null : <option value={current}>{current.slice(2)}</option>}
      </select>
      {variant.kind === "draft" ? <Overrides key={id} id={id} assistant={assistant} overrides={variant.overrides} onChange={(overrides) => onChange({ kind: "draft", overrides })} disabled={disabled} /> : null}
    </div>
  );
}

function Overrides({ id, assistant, overrides, onChange, disabled }: { id: string; assistant: AssistantObject; overrides: DraftOverrides; onChange: (overrides: DraftOverrides) => void; disabled: boolean }) {
  const problems = overrideProblems(overrides);
  const set = <K extends keyof DraftOverrides>(key: K, value: DraftOverrides[K]) => onChange({ ...overrides, [key]: value });
  const invalid = (key: keyof DraftOverrides) => ({ "aria-invalid": Boolean(problems[key]), "aria-describedby": problems[key] ? `${id}-${key}-error` : undefined });
  const error = (key: keyof DraftOverrides) =>
    problems[key] ? (
      <p id={`${id}-${key}-error`} className="text-xs text-destructive">
        {problems[key]}
      </p>
    ) : null;
  const label = "text-xs font-medium text-muted-foreground";
  const changed = Object.keys(draftChanges(assistant, overrides));
  const wrong = Object.keys(problems).length > 0;
  return (
    // Folded by default, so four columns keep room for their chats; open while something is wrong.
    <details className="rounded-md border bg-muted/30 px-2 py-1.5" open={wrong || undefined}>
      <summary className="cursor-pointer text-xs font-medium">Overrides{changed.length ? `: ${changed.map((field) => field.replace("_", " ")).join(", ")}` : " · none"}</summary>
      <div className="grid grid-cols-2 gap-x-2 gap-y-1.5 pt-2">
        <div className="col-span-2 flex flex-col gap-1">
          <label htmlFor={`${id}-model`} className={label}>
            Model
          </label>
          <ModelInput id={`${id}-model`} value={overrides.model} disabled={disabled} onChange={(event) => set("model", event.target.value)} onPick={(model) => set("model", model)} className={control} {...invalid("model")} />
          {error("model")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-temperature`} className={label}>
            Temperature
          </label>
          <input id={`${id}-temperature`} inputMode="decimal" placeholder="model's" value={overrides.temperature} disabled={disabled} onChange={(event) => set("temperature", event.target.value)} className={control} {...invalid("temperature")} />
          {error("temperature")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-top-p`} className={label}>
            top_p
          </label>
          <input id={`${id}-top-p`} inputMode="decimal" placeholder="model's" value={overrides.topP} disabled={disabled} onChange={(event) => set("topP", event.target.value)} className={control} {...invalid("topP")} />
          {error("topP")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-format`} className={label}>
            Response format
          </label>
          <select id={`${id}-format`} value={overrides.responseFormat} disabled={disabled} onChange={(event) => set("responseFormat", event.target.value as DraftOverrides["responseFormat"])} className={control}>
            <option value="assistant">assistant&apos;s</option>
            <option value="text">text</option>
            <option value="json_object">json_object</option>
          </select>
        </div>
        <label className={cn("flex items-center gap-2 self-end pb-1.5 text-sm", assistant.tools.length === 0 && "text-muted-foreground")}>
          <input type="checkbox" checked={overrides.tools} disabled={disabled || assistant.tools.length === 0} onChange={(event) => set("tools", event.target.checked)} />
          Tools ({assistant.tools.length})
        </label>
        <div className="col-span-2 flex flex-col gap-1">
          <label htmlFor={`${id}-instructions`} className={label}>
            Instructions
          </label>
          <textarea id={`${id}-instructions`} rows={3} value={overrides.instructions} disabled={disabled} onChange={(event) => set("instructions", event.target.value)} className={cn(control, "h-auto py-1.5")} />
        </div>
      </div>
    </details>
  );
}
