"use client";

import { useState } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { CodeInterpreterNotice } from "@/components/assistants/editor/code-interpreter-notice";
import { JsonField } from "@/components/assistants/editor/json-field";
import { McpToolFields, mcpTitle } from "@/components/assistants/editor/mcp-tool-fields";
import { PluginToolFields, pluginTitle } from "@/components/assistants/editor/plugin-tool-fields";
import { errorAt, errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { Badge } from "@/components/ui/badge";
import { FunctionToolBuilder } from "@/components/schema-builder/definition-builders";
import { ImportPanel } from "@/components/schema-builder/import-panel";
import { EMPTY_OBJECT_SCHEMA } from "@/components/schema-builder/schema-builder";
import { Button } from "@/components/ui/button";
import { inlineSelectClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import type { ToolRegistry } from "@/lib/assistants/tool-registry";
import { isMcpTool, isPluginTool, type AssistantTool } from "@/lib/assistants/tools";
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
  // Both start unpicked; their cards pick from the registry (an empty pick is refused like any missing field).
  { label: "Plugin", tool: { type: "" } },
  { label: "MCP server", tool: { type: "mcp", server_label: "" } },
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

/** A card's title, from the tool as it is now: a plugin's or server's changes with the pick. */
function toolTitle(tool: AssistantTool | undefined, registry: ToolRegistry): string {
  if (!tool) return "Tool";
  if (isMcpTool(tool)) return mcpTitle(tool);
  if (isPluginTool(tool)) return pluginTitle(tool, registry.plugins);
  return TITLES[tool.type] ?? tool.type;
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

type ToolItemProps = {
  index: number;
  count: number;
  readOnly?: boolean;
  codeSandbox?: CodeSandboxStatus;
  registry: ToolRegistry;
  move: (from: number, to: number) => void;
  remove: (index: number) => void;
};

function ToolItem({ index, count, readOnly, codeSandbox, registry, move, remove }: ToolItemProps) {
  const errors = useShownErrors();
  // Watched, not the field array's snapshot: a plugin or MCP card's title follows its pick.
  const tool = useWatch<AssistantFormValues, `tools.${number}`>({ name: `tools.${index}` }) as AssistantTool | undefined;
  const title = toolTitle(tool, registry);
  const type = tool?.type;
  const plugin = tool !== undefined && isPluginTool(tool);
  // Plugin and MCP cards say their errors under the control they concern.
  const typeError = plugin ? undefined : errorAt(errors, `tools.${index}.type`);
  return (
    <li className="flex flex-col gap-3 rounded-lg border p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <span className="text-xs text-muted-foreground tabular-nums">{index + 1}.</span>
          <span className="truncate text-sm font-medium">{title}</span>
          {typeError ? <Badge variant="destructive">{typeError}</Badge> : null}
        </div>
        <div className="flex gap-1">
          <Button variant="ghost" size="sm" disabled={index === 0} aria-label={`Move tool ${index + 1} up`} onClick={() => move(index, index - 1)}>
            ↑
          </Button>
          <Button variant="ghost" size="sm" disabled={index === count - 1} aria-label={`Move tool ${index + 1} down`} onClick={() => move(index, index + 1)}>
            ↓
          </Button>
          <Button variant="ghost" size="sm" aria-label={`Remove tool ${index + 1} (${title})`} onClick={() => remove(index)}>
            Remove
          </Button>
        </div>
      </div>
      {type === "function" ? <FunctionToolBuilder index={index} readOnly={readOnly} /> : null}
      {type === "file_search" ? <FileSearchOptions index={index} /> : null}
      {type === "code_interpreter" ? <CodeInterpreterNotice status={codeSandbox} /> : null}
      {tool && isMcpTool(tool) ? <McpToolFields index={index} servers={registry.mcpServers} /> : null}
      {plugin ? <PluginToolFields index={index} plugins={registry.plugins} /> : null}
    </li>
  );
}

/**
 * `codeSandbox`: this server's code interpreter, said under the tool when it is on (absent: nothing
 * said). `registry`: the workspace's plugins and MCP servers, which those tools pick from.
 */
export function ToolsEditor({ readOnly, codeSandbox, registry }: { readOnly?: boolean; codeSandbox?: CodeSandboxStatus; registry: ToolRegistry }) {
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
        {fields.map((field, index) => (
          <ToolItem key={field.id} index={index} count={fields.length} readOnly={readOnly} codeSandbox={codeSandbox} registry={registry} move={move} remove={remove} />
        ))}
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
