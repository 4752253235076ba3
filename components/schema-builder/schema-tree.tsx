"use client";

import { useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { TreeNode } from "@/lib/schema-builder/tree";

export type ProblemCount = { errors: number; warnings: number };

type SchemaTreeProps = {
  tree: TreeNode;
  /** What the root stands for: "parameters", "schema". */
  rootLabel: string;
  selected: string;
  onSelect: (key: string) => void;
  problems: Map<string, ProblemCount>;
  /** Alt+↑/↓ and Delete on a property (the details panel has the same actions as buttons). */
  onMove?: (node: TreeNode, delta: -1 | 1) => void;
  onRemove?: (node: TreeNode) => void;
  labelledBy: string;
};

export function nodeLabel(node: TreeNode, rootLabel: string, index: number): string {
  if (node.role === "root") return rootLabel;
  if (node.role === "items") return "items";
  if (node.role === "variant") return `option ${index + 1}`;
  return node.name ?? "";
}

/** "string | null", "array of object", "enum (3)", "$ref Address". */
export function kindLabel(node: TreeNode): string {
  let label: string = node.kind;
  if (node.kind === "array") {
    const items = node.children.find((child) => child.role === "items");
    label = items ? `array of ${kindLabel(items)}` : "array";
  } else if (node.kind === "enum") label = `enum (${Array.isArray(node.constraints.enum) ? node.constraints.enum.filter((value) => value !== null).length : 0})`;
  else if (node.kind === "ref") label = `$ref ${String(node.constraints.$ref ?? "").split("/").pop()}`;
  else if (node.kind === "anyOf") label = `any of ${node.children.length}`;
  return node.nullable && node.kind !== "null" ? `${label} | null` : label;
}

type Row = { node: TreeNode; level: number; parent: string | null; index: number; setSize: number };

function visibleRows(tree: TreeNode, collapsed: Set<string>): Row[] {
  const rows: Row[] = [];
  const visit = (node: TreeNode, level: number, parent: string | null, index: number, setSize: number) => {
    rows.push({ node, level, parent, index, setSize });
    if (collapsed.has(node.key)) return;
    node.children.forEach((child, i) => visit(child, level + 1, node.key, i, node.children.length));
  };
  visit(tree, 1, null, 0, 1);
  return rows;
}

/**
 * The schema as a WAI-ARIA tree: ↑/↓ move, → opens or enters, ← closes or goes to the parent,
 * Home/End jump; selection follows focus and opens the node in the details panel.
 */
export function SchemaTree({ tree, rootLabel, selected, onSelect, problems, onMove, onRemove, labelledBy }: SchemaTreeProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const list = useRef<HTMLUListElement>(null);
  const rows = visibleRows(tree, collapsed);
  const current = rows.findIndex((row) => row.node.key === selected);

  const focus = (key: string) => {
    onSelect(key);
    // After React renders the new selection, move focus to it (roving tabindex).
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus());
  };
  const contains = (node: TreeNode, key: string): boolean => node.children.some((child) => child.key === key || contains(child, key));
  const toggle = (key: string, open?: boolean) => {
    // Closing a branch that holds the selection selects the branch, so the selection stays visible.
    const row = rows.find((candidate) => candidate.node.key === key);
    const closing = open === false || (open === undefined && !collapsed.has(key));
    if (closing && row && contains(row.node, selected)) onSelect(key);
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (open ?? next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  function onKeyDown(event: React.KeyboardEvent) {
    const row = rows[current];
    if (!row) return;
    const { node } = row;
    const hasChildren = node.children.length > 0;
    const isOpen = hasChildren && !collapsed.has(node.key);
    let handled = true;
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      if (node.role === "property" && onMove) {
        onMove(node, event.key === "ArrowUp" ? -1 : 1);
        focus(node.key); // React moves the row's element, which drops its focus
      }
    } else if (event.key === "ArrowDown") {
      if (rows[current + 1]) focus(rows[current + 1]!.node.key);
    } else if (event.key === "ArrowUp") {
      if (rows[current - 1]) focus(rows[current - 1]!.node.key);
    } else if (event.key === "ArrowRight") {
      if (hasChildren && !isOpen) toggle(node.key, true);
      else if (isOpen) focus(node.children[0]!.key);
    } else if (event.key === "ArrowLeft") {
      if (isOpen) toggle(node.key, false);
      else if (row.parent) focus(row.parent);
    } else if (event.key === "Home") focus(rows[0]!.node.key);
    else if (event.key === "End") focus(rows[rows.length - 1]!.node.key);
    else if (event.key === "Delete" && node.role === "property" && onRemove) onRemove(node);
    else handled = false;
    if (handled) event.preventDefault();
  }

  return (
    <ul ref={list} role="tree" aria-labelledby={labelledBy} onKeyDown={onKeyDown} className="flex flex-col gap-px rounded-md border bg-background p-1 text-sm">
      {rows.map(({ node, level, index, setSize }) => {
        const count = problems.get(node.key);
        const hasChildren = node.children.length > 0;
        const isOpen = hasChildren && !collapsed.has(node.key);
        const isSelected = node.key === selected;
        const label = nodeLabel(node, rootLabel, index);
        return (
          <li
            key={node.key}
            role="treeitem"
            data-key={node.key}
            aria-level={level}
            aria-setsize={setSize}
            aria-posinset={index + 1}
            aria-selected={isSelected}
            aria-expanded={hasChildren ? isOpen : undefined}
            aria-label={`${label}: ${kindLabel(node)}${node.required === false ? ", optional" : ""}${count?.errors ? `, ${count.errors} error${count.errors > 1 ? "s" : ""}` : ""}`}
            tabIndex={isSelected || (current < 0 && level === 1) ? 0 : -1}
            onClick={() => onSelect(node.key)}
            onFocus={(event) => {
              if (event.target === event.currentTarget && !isSelected) onSelect(node.key);
            }}
            className={cn(
              "flex cursor-pointer items-center gap-2 rounded-sm py-1 pr-2 outline-none focus-visible:ring-2 focus-visible:ring-ring",
              isSelected ? "bg-accent text-accent-foreground" : "hover:bg-accent/50",
            )}
            style={{ paddingLeft: `${(level - 1) * 1.1 + 0.25}rem` }}
          >
            <button
              type="button"
              tabIndex={-1}
              aria-hidden
              onClick={(event) => {
                event.stopPropagation();
                if (hasChildren) toggle(node.key);
              }}
              className={cn("w-4 shrink-0 text-muted-foreground", !hasChildren && "invisible")}
            >
              {isOpen ? "▾" : "▸"}
            </button>
            <span className={cn("truncate", node.role === "property" || node.role === "definition" ? "font-mono text-[0.8125rem]" : "text-muted-foreground italic")}>
              {label}
            </span>
            <span className="truncate text-xs text-muted-foreground">{kindLabel(node)}</span>
            {node.required === false ? <span className="text-xs text-muted-foreground">optional</span> : null}
            {Object.keys(node.advanced).length ? <Badge variant="outline">advanced</Badge> : null}
            <span className="ml-auto flex gap-1">
              {count?.errors ? <Badge variant="destructive">{count.errors}</Badge> : null}
              {count?.warnings ? <Badge variant="neutral">{count.warnings}⚠</Badge> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
