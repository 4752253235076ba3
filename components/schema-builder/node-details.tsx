"use client";

import { useState } from "react";
import { JsonKeyword } from "@/components/schema-builder/keyword-inputs";
import { NodeActions } from "@/components/schema-builder/node-actions";
import { NodeConstraints } from "@/components/schema-builder/node-constraints";
import { kindLabel, nodeLabel } from "@/components/schema-builder/schema-tree";
import { cn } from "@/components/ui/cn";
import { compactInputClasses, inputClasses } from "@/components/ui/input";
import { formatPath, getAt } from "@/lib/schema-builder/paths";
import type { NodeKind, TreeNode } from "@/lib/schema-builder/tree";
import { renameDefinition, renameProperty, setAdvanced, setKeyword, setKind, setNullable, setRequired } from "@/lib/schema-builder/tree-ops";
import type { JsonSchema, SchemaPath } from "@/lib/schema-builder/types";

// The selected node's settings: name, type, required/nullable, description, the constraints its type
// allows, and every other keyword as "advanced" JSON. Each input applies one pure edit from
// lib/schema-builder/tree-ops.ts to the whole schema.

const KINDS: { kind: NodeKind; label: string }[] = [
  { kind: "string", label: "String" },
  { kind: "number", label: "Number" },
  { kind: "integer", label: "Integer" },
  { kind: "boolean", label: "Boolean" },
  { kind: "object", label: "Object" },
  { kind: "array", label: "Array" },
  { kind: "enum", label: "Enum (list of strings)" },
  { kind: "anyOf", label: "Any of (union)" },
  { kind: "ref", label: "Reference ($defs)" },
];


type NodeDetailsProps = {
  id: string;
  node: TreeNode;
  /** Index among its siblings (option numbers) and whether it can move. */
  index: number;
  siblings: number;
  schema: JsonSchema;
  rootLabel: string;
  strict: boolean;
  readOnly?: boolean;
  onChange: (schema: JsonSchema) => void;
  onSelect: SelectNode;
};

/**
 * Selects a node after an edit. `keep`: the same node under a new path (a rename), so the panel
 * and the focus in it stay; `tree`: the edited node is gone, focus goes to the selection in the
 * tree; `name`: a node was created, focus goes to its name.
 */
export type SelectNode = (path: SchemaPath, focus?: "keep" | "tree" | "name") => void;

const parentObjectPath = (node: TreeNode) => node.path.slice(0, -2);

export function NodeDetails({ id, node, index, siblings, schema, rootLabel, strict, readOnly, onChange, onSelect }: NodeDetailsProps) {
  const [actionError, setActionError] = useState<string | null>(null);
  const apply = (edit: (schema: JsonSchema) => JsonSchema, select?: SchemaPath, focus?: "keep" | "tree" | "name") => {
    try {
      onChange(edit(schema));
      setActionError(null);
      if (select) onSelect(select, focus);
    } catch (error) {
      setActionError((error as Error).message);
    }
  };
  const field = (name: string) => `${id}-${name}`;
  const isProperty = node.role === "property";
  const hasDefs = Boolean(getAt(schema, ["$defs"]) ?? getAt(schema, ["definitions"]));

  return (
    <section aria-label={`Settings of ${nodeLabel(node, rootLabel, index)}`} className="flex flex-col gap-3 rounded-md border p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="text-sm font-semibold">
          {nodeLabel(node, rootLabel, index)} <span className="font-normal text-muted-foreground">· {kindLabel(node)}</span>
        </h4>
        <code className="text-xs text-muted-foreground">{formatPath(node.path) || "(root)"}</code>
      </div>

      {isProperty ? (
        <NameInput
          id={field("name")}
          label="Property name"
          name={node.name ?? ""}
          disabled={readOnly}
          onCommit={(to) => apply((s) => renameProperty(s, parentObjectPath(node), node.name!, to), [...parentObjectPath(node), "properties", to], "keep")}
        />
      ) : null}
      {node.role === "definition" ? (
        <NameInput
          id={field("name")}
          label="Definition name"
          name={node.name ?? ""}
          disabled={readOnly}
          onCommit={(to) => apply((s) => renameDefinition(s, node.name!, to), [node.path[0]!, to], "keep")}
        />
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={field("kind")} className="text-xs font-medium">
            Type
          </label>
          <select
            id={field("kind")}
            value={node.kind}
            disabled={readOnly || node.role === "root"}
            className={compactInputClasses}
            onChange={(event) => apply((s) => setKind(s, node.path, event.target.value as NodeKind, { strict }))}
          >
            {KINDS.filter(({ kind }) => kind !== "ref" || hasDefs || node.kind === "ref").map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
            {KINDS.some(({ kind }) => kind === node.kind) ? null : <option value={node.kind}>{node.kind}</option>}
          </select>
        </div>
        <div className="flex flex-col justify-end gap-1.5">
          {isProperty ? (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={Boolean(node.required)}
                disabled={readOnly || (strict && Boolean(node.required))}
                onChange={(event) => apply((s) => setRequired(s, parentObjectPath(node), node.name!, event.target.checked, { strict }))}
              />
              Required
            </label>
          ) : null}
          {node.role !== "root" && node.kind !== "null" && node.kind !== "any" ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4 accent-primary" checked={node.nullable} disabled={readOnly} onChange={(event) => apply((s) => setNullable(s, node.path, event.target.checked))} />
              Nullable (accepts null)
            </label>
          ) : null}
        </div>
      </div>
      {isProperty && strict ? <p className="text-xs text-muted-foreground">Strict mode: every property is required; make it nullable to let the model leave it empty.</p> : null}

      <div className="flex flex-col gap-1">
        <label htmlFor={field("description")} className="text-xs font-medium">
          Description of {nodeLabel(node, rootLabel, index)}
        </label>
        <textarea
          id={field("description")}
          rows={2}
          disabled={readOnly}
          value={node.description}
          onChange={(event) => apply((s) => setKeyword(s, node.path, "description", event.target.value === "" ? undefined : event.target.value))}
          className={cn(inputClasses, "h-auto py-1.5 text-[0.8125rem]")}
        />
      </div>

      <NodeConstraints id={id} node={node} schema={schema} strict={strict} readOnly={readOnly} apply={apply} />

      <JsonKeyword
        id={field("advanced")}
        label="Advanced keywords (JSON)"
        expectObject
        value={Object.keys(node.advanced).length ? node.advanced : undefined}
        onChange={(value) => apply((s) => setAdvanced(s, node.path, (value ?? {}) as Record<string, unknown>))}
        disabled={readOnly}
        hint="Keywords the builder has no input for are kept here as they are."
      />

      {actionError ? (
        <p role="alert" className="text-[0.8125rem] text-destructive">
          {actionError}
        </p>
      ) : null}
      {readOnly ? null : <NodeActions node={node} index={index} siblings={siblings} strict={strict} apply={apply} onSelect={onSelect} />}
    </section>
  );
}

/** Renames on Enter or when leaving the field, so intermediate names never collide with siblings. */
function NameInput({ id, label, name, disabled, onCommit }: { id: string; label: string; name: string; disabled?: boolean; onCommit: (to: string) => void }) {
  const [draft, setDraft] = useState(name);
  const [seen, setSeen] = useState(name);
  if (seen !== name) {
    setSeen(name);
    setDraft(name);
  }
  const commit = () => {
    if (draft !== name) onCommit(draft);
  };
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium">
        {label}
      </label>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={draft}
        className={cn(compactInputClasses, "font-mono")}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          }
          if (event.key === "Escape") setDraft(name);
        }}
      />
    </div>
  );
}
