"use client";

import { useState } from "react";
import { Controller, useFieldArray, useFormContext } from "react-hook-form";
import { CodeInterpreterNotice } from "@/components/assistants/editor/code-interpreter-notice";
import { JsonField } from "@/components/assistants/editor/json-field";
import { errorAt, errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { Badge } from "@/components/ui/badge";
import { FunctionToolBuilder } from "@/components/schema-builder/definition-builders";
import { ImportPanel } from "@/components/schema-builder/import-panel";
import { EMPTY_OBJECT_SCHEMA } from "@/components/schema-builder/schema-builder";
import { Button } from "@/components/ui/button";
import { inlineSelectClasses, inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { CodeSandboxStatus } from "@/lib/code/status";
import type { ImportedFunction } from "@/lib/schema-builder/import";
import { FUNCTION_TEMPLATES } from "@/lib/schema-builder/templates";

const ADDABLE: { label: string; tool: AssistantTool }[] = [
  { label: "Code interpreter", tool: { type: "code_interpreter" } },
  { label: "File search", tool: { type: "file_search" } },
  { label: "Function", tool: { type: "function", function: { name: "", strict: true, parameters: EMPTY_OBJECT_SCHEMA } } },
  { label: "Web search (Model Studio)", tool: { type: "web_search" } },
  { label: "Search (Model Studio)", tool: { type: "search" } },
  { label: "Text to image (Model Studio)", tool: { type: "text_to_image" } },
  { label: "Computer (Project David)", tool: { type: "computer" } },
  { label: "Plugin (Model Studio)", tool: { type: "", auth: { type: "user_http", user_token: "" } } as AssistantTool },
];

const TITLES: Record<string, string> = {
  code_interpreter: "Code interpreter",
  file_search: "File search",
  function: "Function",
  search: "Search (Model Studio)",
  web_search: "Web search (Model Studio)",
  text_to_image: "Text to image (Model Studio)",
  computer: "Computer (Project David)",
};

function TextInput({ path, label, type = "text", hint }: { path: string; label: string; type?: string; hint?: string }) {
  const { register } = useFormContext<AssistantFormValues>();
  const error = errorAt(useShownErrors(), path);
  const id = `field-${path.replaceAll(".", "-")}`;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} type={type} autoComplete="off" aria-invalid={Boolean(error)} className={inputClasses} {...register(path as never)} />
      {error ? <p className="text-[0.8125rem] text-destructive">{error}</p> : null}
      {hint ? <p className="text-[0.8125rem] text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

/** `file_search` options (max_num_results 1–50, ranking_options) as JSON; empty keeps the defaults. */
function FileSearchOptions({ index }: { index: number }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const path = `tools.${index}.file_search`;
  return (
    <Controller
      control={control}
      name={path as never}
      render={({ field }) => (
        <JsonField
          label="File search options (JSON, optional)"
          rows={4}
          value={field.value}
          onChange={field.onChange}
          error={errorAtOrBelow(errors, path)}
          hint='For example {"max_num_results": 10, "ranking_options": {"ranker": "auto", "score_threshold": 0.5}}. Empty: the defaults.'
        />
      )}
    />
  );
}


const functionTool = (fn: ImportedFunction): AssistantTool => ({
  type: "function",
  function: {
    name: fn.name,
    ...(fn.description !== undefined && { description: fn.description }),
    ...(fn.parameters !== undefined && { parameters: fn.parameters }),
    ...(fn.strict !== undefined && { strict: fn.strict }),
  },
});

/** `codeSandbox`: this server's code interpreter, said under the tool when it is on (absent: nothing said). */
export function ToolsEditor({ readOnly, codeSandbox }: { readOnly?: boolean; codeSandbox?: CodeSandboxStatus }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const { fields, append, remove, move } = useFieldArray({ control, name: "tools" });
  const [importing, setImporting] = useState(false);
  const listError = errorAt(errors, "tools");
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="sr-only">Tools</legend>
      {listError ? <p className="text-[0.8125rem] text-destructive">{listError}</p> : null}
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">No tools: the assistant only writes text.</p> : null}
      <ol className="flex flex-col gap-3" aria-label="Tools">
        {fields.map((field, index) => {
          const tool = field as unknown as AssistantTool & { id: string };
          const isPlugin = !(tool.type in TITLES) && tool.type !== undefined && "auth" in tool;
          const title = isPlugin ? "Plugin (Model Studio)" : (TITLES[tool.type] ?? tool.type);
          return (
            <li key={field.id} className="flex flex-col gap-3 rounded-lg border p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex items-center gap-2">
                  <span className="text-xs text-muted-foreground tabular-nums">{index + 1}.</span>
                  <span className="text-sm font-medium">{title}</span>
                  {errorAt(errors, `tools.${index}.type`) ? <Badge variant="destructive">{errorAt(errors, `tools.${index}.type`)}</Badge> : null}
                </div>
                <div className="flex gap-1">
                  <Button variant="ghost" size="sm" disabled={index === 0} aria-label={`Move tool ${index + 1} up`} onClick={() => move(index, index - 1)}>
                    ↑
                  </Button>
                  <Button variant="ghost" size="sm" disabled={index === fields.length - 1} aria-label={`Move tool ${index + 1} down`} onClick={() => move(index, index + 1)}>
                    ↓
                  </Button>
                  <Button variant="ghost" size="sm" aria-label={`Remove tool ${index + 1} (${title})`} onClick={() => remove(index)}>
                    Remove
                  </Button>
                </div>
              </div>
              {tool.type === "function" ? <FunctionToolBuilder index={index} readOnly={readOnly} /> : null}
              {tool.type === "file_search" ? <FileSearchOptions index={index} /> : null}
              {tool.type === "code_interpreter" ? <CodeInterpreterNotice status={codeSandbox} /> : null}
              {isPlugin ? (
                <div className="grid gap-3 sm:grid-cols-2">
                  <TextInput path={`tools.${index}.type`} label="Plugin id" />
                  <TextInput path={`tools.${index}.auth.user_token`} label="Auth token" type="password" hint="Stored as given; shown masked once saved. Leave the mask to keep it." />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {importing ? (
        <ImportPanel
          id="tools-import"
          accept="tools"
          onCancel={() => setImporting(false)}
          onImport={(result) => {
            const functions: ImportedFunction[] = result.functions.length ? result.functions : [{ name: "", strict: true, parameters: result.schema ?? undefined }];
            append(functions.map(functionTool));
            setImporting(false);
          }}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Add a tool">
        {ADDABLE.map(({ label, tool }) => (
          <Button key={label} variant="outline" size="sm" onClick={() => append(structuredClone(tool))}>
            + {label}
          </Button>
        ))}
        <Button variant="outline" size="sm" aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
          Import functions…
        </Button>
        <select
          aria-label="Add a function from a template"
          value=""
          className={inlineSelectClasses}
          onChange={(event) => {
            const template = FUNCTION_TEMPLATES.find((candidate) => candidate.id === event.target.value);
            if (template) append(structuredClone({ type: "function", function: template.function }) as AssistantTool);
          }}
        >
          <option value="">+ Function from a template…</option>
          {FUNCTION_TEMPLATES.map((template) => (
            <option key={template.id} value={template.id}>
              {template.label}: {template.summary}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
