"use client";

import { Button } from "@/components/ui/button";
import { compactInputClasses, inlineSelectClasses, Input } from "@/components/ui/input";
import { emptyRow, rowShape, type AssertionRow } from "@/lib/assistant-tests/assertion-form";
import { BUDGET_TYPES, JUDGED_TYPES, STRUCTURE_TYPES, TEXT_TYPES, TOOL_TYPES, type BaseType } from "@/lib/assistant-tests/assertion-types";
import { InlineError } from "@/components/ui/inline-error";

// A list of assertions in the test editor: each row a type (promptfoo's names), "not" to invert it,
// and the options that type takes, shown as the type needs them (lib/assistant-tests/assertion-form.ts).

const GROUPS: [string, readonly BaseType[]][] = [
  ["Text", TEXT_TYPES],
  ["Structure", STRUCTURE_TYPES],
  ["Tools", TOOL_TYPES],
  ["Budget", BUDGET_TYPES],
  ["Judged", JUDGED_TYPES],
];

type Props = {
  /** Names the list and its controls: "Assertions on the last reply", "Turn 2 assertions". */
  label: string;
  rows: AssertionRow[];
  onChange: (rows: AssertionRow[]) => void;
  /** Problems by row index. */
  errors: Record<number, string>;
  disabled: boolean;
};

const textareaClasses = `${compactInputClasses} h-auto min-h-16 py-1.5 font-mono`;

/** A visible caption over a control whose accessible name (aria-label) also says which row it is in. */
function Option({ caption, className, children }: { caption: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <span aria-hidden className="text-xs font-medium text-muted-foreground">
        {caption}
      </span>
      {children}
    </div>
  );
}

function RowEditor({ row, name, error, disabled, onChange, onRemove }: { row: AssertionRow; name: string; error?: string; disabled: boolean; onChange: (row: AssertionRow) => void; onRemove: () => void }) {
  const shape = rowShape(row.type);
  const set = (patch: Partial<AssertionRow>) => onChange({ ...row, ...patch });
  return (
    <li className="flex flex-col gap-2 rounded-md border p-2" aria-label={name}>
      <div className="flex flex-wrap items-center gap-2">
        <select aria-label={`${name} type`} className={`${inlineSelectClasses} pr-8`} value={row.type} disabled={disabled} onChange={(event) => set({ ...emptyRow(event.target.value as BaseType), negate: row.negate })}>
          {GROUPS.map(([group, types]) => (
            <optgroup key={group} label={group}>
              {types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {row.type !== "tool-not-called" ? (
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={row.negate} disabled={disabled} onChange={(event) => set({ negate: event.target.checked })} />
            not
          </label>
        ) : null}
        <Button variant="outline" size="sm" className="ml-auto" onClick={onRemove} disabled={disabled} aria-label={`Remove ${name.toLowerCase()}`}>
          Remove
        </Button>
      </div>
      <div className="flex flex-wrap items-start gap-3">
        {shape.measures ? (
          <Option caption="Measure">
            <select aria-label={`${name} measure`} className={`${inlineSelectClasses} pr-8`} value={row.value || shape.measures[0]} disabled={disabled} onChange={(event) => set({ value: event.target.value })}>
              {shape.measures.map((measure) => (
                <option key={measure} value={measure}>
                  {measure.replace("_", " ")}
                </option>
              ))}
            </select>
          </Option>
        ) : shape.value ? (
          <Option caption={shape.value} className="min-w-64 flex-1 basis-full">
            {shape.multiline ? (
              <textarea aria-label={`${name}: ${shape.value}`} className={textareaClasses} value={row.value} disabled={disabled} onChange={(event) => set({ value: event.target.value })} />
            ) : (
              <Input aria-label={`${name}: ${shape.value}`} className={compactInputClasses} value={row.value} disabled={disabled} onChange={(event) => set({ value: event.target.value })} />
            )}
          </Option>
        ) : null}
        {shape.threshold ? (
          <Option caption={shape.threshold} className="w-56">
            <Input aria-label={`${name}: ${shape.threshold}`} inputMode="decimal" className={compactInputClasses} value={row.threshold} disabled={disabled} onChange={(event) => set({ threshold: event.target.value })} />
          </Option>
        ) : null}
        {shape.flags ? (
          <Option caption="Flags (i, m, s, u)" className="w-36">
            <Input aria-label={`${name}: flags`} className={compactInputClasses} value={row.flags} disabled={disabled} onChange={(event) => set({ flags: event.target.value })} />
          </Option>
        ) : null}
        {shape.times ? (
          <Option caption="Exactly n times (optional)" className="w-48">
            <Input aria-label={`${name}: times`} inputMode="numeric" className={compactInputClasses} value={row.times} disabled={disabled} onChange={(event) => set({ times: event.target.value })} />
          </Option>
        ) : null}
        {shape.model ? (
          <Option caption={row.type === "similar" ? "Embedding model (default: ATELIER_EMBEDDING_MODEL)" : "Judge model (default: the test run's)"} className="w-80">
            <Input aria-label={`${name}: model`} className={compactInputClasses} value={row.model} disabled={disabled} onChange={(event) => set({ model: event.target.value })} />
          </Option>
        ) : null}
        {shape.scale ? (
          <Option caption="Scale">
            <select aria-label={`${name}: scale`} className={`${inlineSelectClasses} pr-8`} value={row.scale} disabled={disabled} onChange={(event) => set({ scale: event.target.value as AssertionRow["scale"] })}>
              <option value="">Score 0–1</option>
              <option value="1-5">Score 1–5</option>
            </select>
          </Option>
        ) : null}
        {shape.args ? (
          <Option caption='Arguments contain (JSON, optional), e.g. {"city": "Oslo"}' className="min-w-64 flex-1 basis-full">
            <textarea aria-label={`${name}: arguments contain (JSON)`} className={textareaClasses} value={row.args} disabled={disabled} onChange={(event) => set({ args: event.target.value })} />
          </Option>
        ) : null}
      </div>
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
    </li>
  );
}

export function AssertionListEditor({ label, rows, onChange, errors, disabled }: Props) {
  return (
    <div className="flex flex-col gap-2">
      {rows.length ? (
        <ol aria-label={label} className="flex flex-col gap-2">
          {rows.map((row, index) => (
            <RowEditor
              key={index}
              row={row}
              name={`${label}: assertion ${index + 1}`}
              error={errors[index]}
              disabled={disabled}
              onChange={(next) => onChange(rows.map((item, i) => (i === index ? next : item)))}
              onRemove={() => onChange(rows.filter((_, i) => i !== index))}
            />
          ))}
        </ol>
      ) : null}
      <Button variant="outline" size="sm" className="self-start" onClick={() => onChange([...rows, emptyRow()])} disabled={disabled} aria-label={`Add an assertion: ${label.toLowerCase()}`}>
        Add assertion
      </Button>
    </div>
  );
}
