"use client";

import Link from "next/link";
import { useState } from "react";
import { saveAssistantSettings } from "@/app/(console)/playground/actions";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { AssistantObject } from "@/lib/assistants/wire";
import { draftChanges, draftOf, type AssistantDraft } from "@/lib/playground/run-options";
import { ModelInput } from "@/components/models/model-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { callAction } from "@/components/forms/call-action";

// The Assistant tab: the settings people tune while chatting. Changes apply to the next run at
// once (as run overrides, so the stored assistant is untouched) and can then be saved to the
// assistant or discarded. Tools and everything else stay in the full editor.

type Props = {
  assistant: AssistantObject;
  draft: AssistantDraft;
  onChange: (draft: AssistantDraft) => void;
  onSaved: (assistant: AssistantObject) => void;
  canEdit: boolean;
};

const control = "w-full rounded-md border bg-background px-2 py-1.5 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-destructive";

type FormatKind = "auto" | "text" | "json_object" | "json_schema";
const kindOf = (format: ResponseFormat | null): FormatKind => (format === null || format === "auto" ? "auto" : format.type);

function numberOrNull(text: string): number | null | "invalid" {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : "invalid";
}

export function AssistantPanel({ assistant, draft, onChange, onSaved, canEdit }: Props) {
  const [temperature, setTemperature] = useState(draft.temperature?.toString() ?? "");
  const [topP, setTopP] = useState(draft.top_p?.toString() ?? "");
  const [schemaText, setSchemaText] = useState(() => (draft.response_format !== "auto" && draft.response_format?.type === "json_schema" ? JSON.stringify(draft.response_format.json_schema.schema ?? {}, null, 2) : '{\n  "type": "object"\n}'));
  const [schemaName, setSchemaName] = useState(() => (draft.response_format !== "auto" && draft.response_format?.type === "json_schema" ? draft.response_format.json_schema.name : "reply"));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const changes = draftChanges(assistant, draft);
  const changed = Object.keys(changes);
  const kind = kindOf(draft.response_format);

  function setNumber(key: "temperature" | "top_p", text: string, max: number) {
    (key === "temperature" ? setTemperature : setTopP)(text);
    const value = numberOrNull(text);
    if (value === "invalid" || (value !== null && (value < 0 || value > max))) return;
    onChange({ ...draft, [key]: value });
  }

  function setFormat(next: FormatKind, text = schemaText, name = schemaName) {
    if (next === "auto") return onChange({ ...draft, response_format: "auto" });
    if (next !== "json_schema") return onChange({ ...draft, response_format: { type: next } });
    try {
      const schema = JSON.parse(text) as Record<string, unknown>;
      onChange({ ...draft, response_format: { type: "json_schema", json_schema: { name: name || "reply", schema, strict: false } } as ResponseFormat });
    } catch {
      // Keep the last valid format until the schema parses again; the field says why.
    }
  }

  async function save() {
    setSaving(true);
    setProblem(null);
    const result = await callAction(() => saveAssistantSettings({ id: assistant.id, changes }));
    setSaving(false);
    if (!result.ok) return setProblem(Object.entries(result.fieldErrors).map(([field, messages]) => `${field.replace(/^changes\./, "")}: ${messages[0]}`)[0] ?? result.message);
    onSaved(result.data);
  }

  const temperatureValue = numberOrNull(temperature);
  const temperatureInvalid = temperatureValue === "invalid" || (temperatureValue !== null && (temperatureValue < 0 || temperatureValue > 2));
  const topPValue = numberOrNull(topP);
  const topPInvalid = topPValue === "invalid" || (topPValue !== null && (topPValue < 0 || topPValue > 1));
  let schemaProblem: string | null = null;
  if (kind === "json_schema") {
    try {
      JSON.parse(schemaText);
    } catch (error) {
      schemaProblem = `Not valid JSON: ${(error as Error).message}`;
    }
  }

  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="text-xs text-muted-foreground">Changes apply to the next run. Save them to the assistant, or discard them.</p>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium">Model</span>
        <ModelInput value={draft.model} onChange={(e) => onChange({ ...draft, model: e.target.value })} onPick={(model) => onChange({ ...draft, model })} className={control} aria-label="Model" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium">Instructions</span>
        <textarea rows={6} value={draft.instructions ?? ""} onChange={(e) => onChange({ ...draft, instructions: e.target.value || null })} className={control} aria-label="Instructions" />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium">Temperature</span>
          <input inputMode="decimal" value={temperature} placeholder="model default" aria-invalid={temperatureInvalid} onChange={(e) => setNumber("temperature", e.target.value, 2)} className={control} aria-label="Temperature" />
          {temperatureInvalid ? <span className="text-xs text-destructive">0 to 2</span> : null}
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium">Top P</span>
          <input inputMode="decimal" value={topP} placeholder="model default" aria-invalid={topPInvalid} onChange={(e) => setNumber("top_p", e.target.value, 1)} className={control} aria-label="Top P" />
          {topPInvalid ? <span className="text-xs text-destructive">0 to 1</span> : null}
        </label>
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium">Response format</span>
        <select value={kind} onChange={(e) => setFormat(e.target.value as FormatKind)} className={control} aria-label="Response format">
          <option value="auto">auto</option>
          <option value="text">text</option>
          <option value="json_object">json_object</option>
          <option value="json_schema">json_schema</option>
        </select>
      </label>
      {kind === "json_schema" ? (
        <>
          <input value={schemaName} aria-label="Schema name" onChange={(e) => (setSchemaName(e.target.value), setFormat("json_schema", schemaText, e.target.value))} className={control} />
          <textarea rows={8} value={schemaText} aria-label="JSON schema" aria-invalid={Boolean(schemaProblem)} onChange={(e) => (setSchemaText(e.target.value), setFormat("json_schema", e.target.value))} className={`${control} font-mono text-xs`} />
          {schemaProblem ? <span className="text-xs text-destructive">{schemaProblem}</span> : null}
        </>
      ) : null}
      <p className="text-xs text-muted-foreground">
        Tools, metadata and the rest are in the{" "}
        <Link href={`/assistants/${assistant.id}`} className="underline underline-offset-2">
          full editor
        </Link>
        .
      </p>
      {problem ? <Alert variant="destructive" title="Not saved">{problem}</Alert> : null}
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => void save()} disabled={!canEdit || changed.length === 0 || saving || temperatureInvalid || topPInvalid || Boolean(schemaProblem)}>
          {saving ? "Saving…" : "Save to assistant"}
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={changed.length === 0}
          onClick={() => {
            const saved = draftOf(assistant);
            setTemperature(saved.temperature?.toString() ?? "");
            setTopP(saved.top_p?.toString() ?? "");
            onChange(saved);
          }}
        >
          Discard
        </Button>
        <span className="text-xs text-muted-foreground" role="status">
          {changed.length ? `Unsaved: ${changed.join(", ")}` : "Matches the saved assistant"}
        </span>
      </div>
    </div>
  );
}
