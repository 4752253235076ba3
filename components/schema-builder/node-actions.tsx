"use client";

import { Button } from "@/components/ui/button";
import type { SelectNode } from "@/components/schema-builder/node-details";
import type { TreeNode } from "@/lib/schema-builder/tree";
import { addDefinition, addProperty, addVariant, moveProperty, removeDefinition, removeProperty, removeVariant } from "@/lib/schema-builder/tree-ops";
import type { JsonSchema, SchemaPath } from "@/lib/schema-builder/types";

type NodeActionsProps = {
  node: TreeNode;
  index: number;
  siblings: number;
  strict: boolean;
  apply: (edit: (schema: JsonSchema) => JsonSchema, select?: SchemaPath, focus?: "keep" | "tree" | "name") => void;
  onSelect: SelectNode;
};

/** Structural edits of the selected node: add a child, move, remove. The tree's keys do the same. */
export function NodeActions({ node, index, siblings, strict, apply, onSelect }: NodeActionsProps) {
  const parentObject = node.path.slice(0, -2);
  // An edit that names what it created: the new node is selected once the edit is applied.
  const create = (edit: (schema: JsonSchema) => { schema: JsonSchema; name: string }, pathOf: (name: string) => SchemaPath) => {
    let created: string | null = null;
    apply((schema) => {
      const result = edit(schema);
      created = result.name;
      return result.schema;
    });
    if (created !== null) onSelect(pathOf(created), "name");
  };
  return (
    <div className="flex flex-wrap gap-2">
      {node.kind === "object" ? (
        <Button size="sm" variant="outline" onClick={() => create((s) => addProperty(s, node.path, { strict }), (name) => [...node.path, "properties", name])}>
          + Add property
        </Button>
      ) : null}
      {node.kind === "anyOf" ? (
        <Button size="sm" variant="outline" onClick={() => apply((s) => addVariant(s, node.path))}>
          + Add option
        </Button>
      ) : null}
      {node.role === "root" ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            let keyword = "$defs";
            create(
              (s) => {
                // Draft-07 schemas keep their `definitions`; addDefinition adds to whichever is in use.
                if (s.definitions && !s.$defs) keyword = "definitions";
                return addDefinition(s);
              },
              (name) => [keyword, name],
            );
          }}
        >
          + Add definition
        </Button>
      ) : null}
      {node.role === "property" ? (
        <>
          <Button size="sm" variant="ghost" disabled={index === 0} onClick={() => apply((s) => moveProperty(s, parentObject, node.name!, -1))}>
            Move up
          </Button>
          <Button size="sm" variant="ghost" disabled={index === siblings - 1} onClick={() => apply((s) => moveProperty(s, parentObject, node.name!, 1))}>
            Move down
          </Button>
          <Button size="sm" variant="ghost" onClick={() => apply((s) => removeProperty(s, parentObject, node.name!), parentObject, "tree")}>
            Remove property
          </Button>
        </>
      ) : null}
      {node.role === "variant" ? (
        <Button size="sm" variant="ghost" onClick={() => apply((s) => removeVariant(s, node.path.slice(0, -2), Number(node.path[node.path.length - 1])), node.path.slice(0, -2), "tree")}>
          Remove option
        </Button>
      ) : null}
      {node.role === "definition" ? (
        <Button size="sm" variant="ghost" onClick={() => apply((s) => removeDefinition(s, node.name!), [], "tree")}>
          Remove definition
        </Button>
      ) : null}
    </div>
  );
}
