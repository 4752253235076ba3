"use client";

import { useContext, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { JsonValidityContext } from "@/components/assistants/editor/json-field";
import { ImportPanel } from "@/components/schema-builder/import-panel";
import { JsonCodeEditor } from "@/components/schema-builder/json-code-editor";
import { NodeDetails, type SelectNode } from "@/components/schema-builder/node-details";
import { ProblemsList } from "@/components/schema-builder/problems-list";
import { SchemaTree, type ProblemCount } from "@/components/schema-builder/schema-tree";
import { TryItPanel } from "@/components/schema-builder/try-it-panel";
import { useJsonDraft } from "@/components/schema-builder/use-json-draft";
import { ViewTabs } from "@/components/schema-builder/view-tabs";
import { Button } from "@/components/ui/button";
import { applyFix } from "@/lib/schema-builder/fixes";
import { describeJsonError } from "@/lib/schema-builder/json-text";
import { schemaProblems } from "@/lib/schema-builder/problems";
import { buildTree, flattenTree, nodeKey, type TreeNode } from "@/lib/schema-builder/tree";
import { moveProperty, removeProperty } from "@/lib/schema-builder/tree-ops";
import { isRecord, type JsonSchema, type SchemaPath, type SchemaProblem, type SchemaTarget } from "@/lib/schema-builder/types";

// The schema half of the builder: a tree and a JSON view of one JSON Schema, kept in step (the
// schema object is the only state; the tree is drawn from it and the JSON text follows it), the
// problems list with one-click fixes, and "Try it". The caller owns name/description/strict.

/** What an empty function takes: no arguments, written the way strict mode accepts. */
export const EMPTY_OBJECT_SCHEMA: JsonSchema = { type: "object", properties: {}, required: [], additionalProperties: false };

type SchemaEditorProps = {
  target: SchemaTarget;
  strict: boolean;
  schema: JsonSchema | undefined;
  onChange: (schema: JsonSchema | undefined) => void;
  /** The API prefix of this schema's paths (`tools[0].function.parameters`), shown on problems. */
  paramPrefix: string;
  /** A server error about the schema that the checks here did not predict (rare; shown as is). */
  serverError?: string;
  readOnly?: boolean;
  /** Extra content for the "Try it" area (a function's mock output). */
  tryItExtra?: React.ReactNode;
  /** react-hook-form's field ref: a save refused for this schema focuses its problems list. */
  fieldRef?: (instance: { focus: () => void } | null) => void;
};

/** The builder edits objects only; any other JSON value stays a draft in the JSON view. */
const schemaDraftCheck = (value: unknown) =>
  isRecord(value) ? null : `A schema here must be a JSON object ({ … }), not ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}`;

const isPrefix = (prefix: SchemaPath, path: SchemaPath) => prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);

/** Each problem belongs to the deepest node whose path starts its own. */
function problemsByNode(nodes: TreeNode[], problems: SchemaProblem[]): Map<string, ProblemCount> {
  const counts = new Map<string, ProblemCount>();
  if (nodes.length === 0) return counts;
  for (const problem of problems) {
    let owner = nodes[0]!;
    for (const node of nodes) if (isPrefix(node.path, problem.path) && node.path.length > owner.path.length) owner = node;
    const count = counts.get(owner.key) ?? { errors: 0, warnings: 0 };
    if (problem.severity === "error") count.errors++;
    else count.warnings++;
    counts.set(owner.key, count);
  }
  return counts;
}

export function SchemaEditor({ target, strict, schema, onChange, paramPrefix, serverError, readOnly, tryItExtra, fieldRef }: SchemaEditorProps) {
  const id = useId();
  const validity = useContext(JsonValidityContext);
  const [tab, setTab] = useState<"tree" | "json">("tree");
  // `generation` keys the details panel: a new selection remounts it (drafts reset), a rename does not.
  const [selection, setSelection] = useState<{ path: SchemaPath; generation: number }>({ path: [], generation: 0 });
  const selected = selection.path;
  const pendingFocus = useRef<"tree" | "name" | null>(null);
  const builderHost = useRef<HTMLDivElement>(null);
  const setSelected: SelectNode = (path, focus) => {
    setSelection((previous) => {
      const same = nodeKey(path) === nodeKey(previous.path);
      return { path, generation: focus === "keep" || (same && !focus) ? previous.generation : previous.generation + 1 };
    });
    pendingFocus.current = focus === "tree" || focus === "name" ? focus : null;
  };
  // After an edit removed the focused control (or created a node), put focus where work goes on.
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const host = builderHost.current;
    const element = target === "tree" ? host?.querySelector<HTMLElement>('[role="treeitem"][aria-selected="true"]') : host?.querySelector<HTMLElement>(`[id="${id}-node-name"]`);
    element?.focus();
  });
  const [importing, setImporting] = useState(false);
  const [treeError, setTreeError] = useState<string | null>(null);
  /** Edits from the tree's keys; a refused one (a referenced property) says why under the tree. */
  const treeEdit = (edit: () => JsonSchema, after?: () => void) => {
    try {
      onChange(edit());
      setTreeError(null);
      after?.();
    } catch (error) {
      setTreeError((error as Error).message);
    }
  };
  const jsonHost = useRef<HTMLDivElement>(null);
  const problemsHost = useRef<HTMLDivElement>(null);
  useEffect(() => {
    fieldRef?.({ focus: () => problemsHost.current?.focus() });
  }, [fieldRef]);
  const effective = schema ?? EMPTY_OBJECT_SCHEMA;
  const draft = useJsonDraft(schema, (value) => onChange(value as JsonSchema | undefined), schemaDraftCheck);
  const syntaxError = draft.error;

  // While the JSON does not parse, the form holds the last valid schema: saving must stop here.
  useEffect(() => {
    // The JSON view may be the hidden tab: a refused save shows it and focuses the editor's text.
    const reveal = {
      focus: () => {
        setTab("json");
        requestAnimationFrame(() => jsonHost.current?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus());
      },
    };
    validity?.set(id, syntaxError ? reveal : null);
    return () => validity?.set(id, null);
  }, [id, validity, syntaxError]);

  const isObject = isRecord(effective);
  // Checks trail the typing on very large schemas (35 ms at 5,000 properties, `npm run bench:schema`).
  const checked = useDeferredValue(effective);
  const problems = useMemo(() => schemaProblems(checked, { strict, target }), [checked, strict, target]);
  const tree = useMemo(() => (isObject ? buildTree(effective) : null), [effective, isObject]);
  const nodes = useMemo(() => (tree ? flattenTree(tree) : []), [tree]);
  const counts = useMemo(() => problemsByNode(nodes, problems), [nodes, problems]);
  const selectedNode = nodes.find((node) => node.key === nodeKey(selected)) ?? nodes[0];
  const parent = selectedNode ? nodes.find((node) => node.children.includes(selectedNode)) : undefined;
  const siblingIndex = parent ? parent.children.indexOf(selectedNode!) : 0;
  const hasErrors = problems.some((problem) => problem.severity === "error");

  const showPath = (path: SchemaPath) => {
    const owner = [...nodes].reverse().find((node) => isPrefix(node.path, path));
    setSelected(owner?.path ?? []);
    setTab("tree");
  };
  const fix = (problem: SchemaProblem) => {
    // The list may trail the schema by a render (deferred): fix the problem as it is now, if still there.
    const same = (candidate: SchemaProblem) => candidate.rule === problem.rule && candidate.fix && isPrefix(candidate.path, problem.path) && candidate.path.length === problem.path.length;
    const current = checked === effective ? problem : schemaProblems(effective, { strict, target }).find(same);
    if (current) onChange(applyFix(effective, current));
  };
  const fixAll = () => {
    // Fixes can create or resolve others (wrapping a root, merging allOf): re-lint after each.
    let next = effective;
    for (let round = 0; round < 200; round++) {
      const fixable = schemaProblems(next, { strict, target }).find((problem) => problem.fix);
      if (!fixable) break;
      next = applyFix(next, fixable);
    }
    onChange(next);
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ViewTabs id={id} tab={tab} onTab={setTab} />
        {readOnly ? null : (
          <Button size="sm" variant="ghost" aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
            Import schema…
          </Button>
        )}
      </div>
      {importing ? (
        <ImportPanel
          id={`${id}-import`}
          accept="schema"
          onCancel={() => setImporting(false)}
          onImport={(result) => {
            onChange(result.schema ?? result.functions[0]?.parameters);
            setSelected([]);
            setImporting(false);
          }}
        />
      ) : null}

      <div role="tabpanel" id={`${id}-panel-tree`} aria-labelledby={`${id}-tab-tree`} hidden={tab !== "tree"}>
        {syntaxError ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive-muted px-3 py-2 text-[0.8125rem] text-destructive">
            The builder is paused while the JSON is not a valid schema: {describeJsonError(syntaxError)}. Fix it in the JSON view to edit visually again.
          </p>
        ) : !tree || !selectedNode ? (
          <p className="text-[0.8125rem] text-destructive">The schema must be a JSON object to be edited visually; use the JSON view.</p>
        ) : (
          <div ref={builderHost} className="grid gap-3 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <div className="flex flex-col gap-1.5">
              <span id={`${id}-tree-label`} className="text-xs font-medium text-muted-foreground">
                {schema === undefined && target === "function" ? "No parameters: the function takes no arguments" : "Structure"}
              </span>
              <SchemaTree
                tree={tree}
                rootLabel={target === "function" ? "parameters" : "response"}
                selected={selectedNode.key}
                onSelect={(key) => setSelected(nodes.find((node) => node.key === key)?.path ?? [])}
                problems={counts}
                labelledBy={`${id}-tree-label`}
                onMove={readOnly ? undefined : (node, delta) => treeEdit(() => moveProperty(effective, node.path.slice(0, -2), node.name!, delta))}
                onRemove={
                  readOnly
                    ? undefined
                    : (node) =>
                        treeEdit(
                          () => removeProperty(effective, node.path.slice(0, -2), node.name!),
                          () => setSelected(node.path.slice(0, -2), "tree"),
                        )
                }
              />
              {treeError ? (
                <p role="alert" className="text-[0.8125rem] text-destructive">
                  {treeError}
                </p>
              ) : null}
            </div>
            <NodeDetails
              id={`${id}-node`}
              key={`${selection.generation}:${selectedNode.key === nodeKey(selected) ? "" : selectedNode.key}`}
              node={selectedNode}
              index={siblingIndex}
              siblings={parent?.children.length ?? 1}
              schema={effective}
              rootLabel={target === "function" ? "parameters" : "response"}
              strict={strict}
              readOnly={readOnly}
              onChange={onChange}
              onSelect={setSelected}
            />
          </div>
        )}
      </div>

      <div role="tabpanel" id={`${id}-panel-json`} aria-labelledby={`${id}-tab-json`} hidden={tab !== "json"} ref={jsonHost} className="flex flex-col gap-1.5">
        <span id={`${id}-json-label`} className="text-xs font-medium text-muted-foreground">
          {target === "function" ? "Parameters (JSON Schema)" : "Schema (JSON Schema)"}
        </span>
        <JsonCodeEditor
          value={draft.text}
          onChange={draft.edit}
          labelledBy={`${id}-json-label`}
          describedBy={syntaxError ? `${id}-json-error` : undefined}
          invalid={Boolean(syntaxError)}
          readOnly={readOnly}
          placeholder={target === "function" ? "Empty: the function takes no arguments" : "Empty: any JSON object"}
          className="max-h-[32rem] overflow-auto"
        />
        {syntaxError ? (
          <p id={`${id}-json-error`} className="text-[0.8125rem] text-destructive">
            {syntaxError.refused ? "" : "Not valid JSON: "}
            {describeJsonError(syntaxError)}
          </p>
        ) : null}
      </div>

      {serverError && !hasErrors ? <p className="text-[0.8125rem] text-destructive">{serverError}</p> : null}
      <div ref={problemsHost} tabIndex={-1} className="outline-none">
        <ProblemsList id={`${id}-problems`} problems={problems} paramPrefix={paramPrefix} readOnly={readOnly || Boolean(syntaxError)} onFix={fix} onFixAll={fixAll} onShow={showPath} />
      </div>

      <details className="group rounded-md border">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Try it</summary>
        <div className="flex flex-col gap-4 border-t p-3">
          <TryItPanel id={`${id}-try`} schema={effective} sampleLabel={target === "function" ? "Sample arguments" : "Sample response"} schemaBroken={problems.some((p) => p.rule === "json-schema")} />
          {tryItExtra}
        </div>
      </details>
    </div>
  );
}
