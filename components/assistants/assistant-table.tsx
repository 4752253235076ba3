import Link from "next/link";
import { TestResultBadge } from "@/components/assistant-tests/result-badge";
import type { AssistantListItem, AssistantObject } from "@/lib/assistants/wire";
import type { AssistantTool } from "@/lib/assistants/tools";
import { Badge } from "@/components/ui/badge";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// Renders the API's assistant objects as they are (DESIGN.md rule 3): no second view model.

const METADATA_CHIPS = 3;

/** One badge per tool type with its multiplicity: five functions read better as `function ×5`. */
function toolTypes(tools: AssistantTool[]): Array<{ type: string; count: number; names: string[] }> {
  const byType = new Map<string, { type: string; count: number; names: string[] }>();
  for (const tool of tools) {
    const entry = byType.get(tool.type) ?? { type: tool.type, count: 0, names: [] };
    entry.count += 1;
    if (tool.type === "function" && "function" in tool) entry.names.push(tool.function.name);
    byType.set(tool.type, entry);
  }
  return [...byType.values()];
}

function ToolsCell({ tools }: { tools: AssistantTool[] }) {
  if (tools.length === 0) return <span className="text-muted-foreground">None</span>;
  return (
    <div className="flex items-start gap-2">
      <span className="w-5 shrink-0 tabular-nums">
        {tools.length}
        <span className="sr-only"> {tools.length === 1 ? "tool" : "tools"}:</span>
      </span>
      <ul aria-label="Tools" className="flex flex-wrap gap-1">
        {toolTypes(tools).map(({ type, count, names }) => (
          <li key={type}>
            <Badge variant="outline" mono title={names.length > 0 ? names.join(", ") : undefined}>
              {type}
              {count > 1 ? <span className="text-muted-foreground">×{count}</span> : null}
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}

function MetadataCell({ metadata }: { metadata: Record<string, string> }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <span className="text-muted-foreground">None</span>;
  const shown = entries.slice(0, METADATA_CHIPS);
  const rest = entries.slice(METADATA_CHIPS);
  return (
    <ul aria-label="Metadata" className="flex max-w-60 flex-wrap gap-1">
      {shown.map(([key, value]) => (
        <li key={key} className="max-w-full min-w-0">
          <Badge mono title={`${key}=${value}`} className="max-w-44">
            <span className="min-w-0 truncate">
              {key}=<span className="text-muted-foreground">{value}</span>
            </span>
          </Badge>
        </li>
      ))}
      {rest.length > 0 ? (
        <li>
          <Badge variant="outline" title={rest.map(([key, value]) => `${key}=${value}`).join("\n")}>
            +{rest.length}
            <span className="sr-only"> more: {rest.map(([key, value]) => `${key}=${value}`).join(", ")}</span>
          </Badge>
        </li>
      ) : null}
    </ul>
  );
}

/**
 * Columns give way on narrower screens rather than making the table scroll: Metadata, then Tools,
 * then Model hide, and a summary under the name keeps what they said (min-[1200px] is where all
 * five fit beside the side navigation).
 */
const COLUMN = {
  model: "hidden sm:table-cell",
  tools: "hidden lg:table-cell",
  metadata: "hidden min-[1200px]:table-cell",
  version: "hidden md:table-cell",
} as const;

/** The current version, linked to the assistant's history, its latest test run, and the labels pointing at its versions. */
function VersionCell({ assistant }: { assistant: AssistantObject | AssistantListItem }) {
  const labels = "labels" in assistant ? assistant.labels : [];
  const tests = "tests" in assistant ? assistant.tests : null;
  return (
    <div className="flex max-w-48 flex-wrap items-center gap-1">
      <Link href={`/assistants/${assistant.id}/history`} className="font-mono text-[0.8125rem] underline-offset-4 hover:underline" aria-label={`Version ${assistant.version}: history of ${assistant.name || assistant.id}`}>
        v{assistant.version}
      </Link>
      {tests ? <TestResultBadge result={tests} label={`${assistant.name || assistant.id}'s latest test run`} /> : null}
      {labels.length ? (
        <ul aria-label="Labels" className="flex flex-wrap gap-1">
          {labels.map(({ label, version }) => (
            <li key={label}>
              <Badge variant="outline" mono title={`${label} → version ${version}`}>
                {label}
                <span className="text-muted-foreground">v{version}</span>
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NarrowSummary({ assistant }: { assistant: AssistantObject }) {
  const tools = assistant.tools.length;
  const metadata = Object.keys(assistant.metadata).length;
  return (
    <div className="mt-1.5 flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted-foreground min-[1200px]:hidden">
      <span className="font-mono text-foreground sm:hidden">{assistant.model}</span>
      <span className="lg:hidden">{tools === 0 ? "No tools" : `${tools} ${tools === 1 ? "tool" : "tools"}`}</span>
      <span>{metadata === 0 ? "No metadata" : `${metadata} metadata ${metadata === 1 ? "key" : "keys"}`}</span>
    </div>
  );
}

type AssistantTableProps = {
  /** With `updated_at` (the console's list) the last column says when each last changed. */
  assistants: (AssistantObject | AssistantListItem)[];
  /** Row actions (duplicate, delete) for people who may change assistants. */
  renderActions?: (assistant: AssistantObject) => React.ReactNode;
};

export function AssistantTable({ assistants, renderActions }: AssistantTableProps) {
  return (
    <div className="rounded-xl border bg-card shadow-xs">
      <Table label="Assistants">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead className={COLUMN.model}>Model</TableHead>
            <TableHead className={COLUMN.tools}>Tools</TableHead>
            <TableHead className={COLUMN.metadata}>Metadata</TableHead>
            <TableHead className={COLUMN.version}>Version</TableHead>
            <TableHead className="text-right">Updated</TableHead>
            {renderActions ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {assistants.map((assistant) => (
            <TableRow key={assistant.id}>
              <TableCell className="max-w-60">
                <Link href={`/assistants/${assistant.id}`} className="block truncate font-medium underline-offset-4 hover:underline" title={assistant.name ?? undefined}>
                  {assistant.name || <span className="font-normal text-muted-foreground italic">Untitled</span>}
                </Link>
                <div className="mt-0.5 font-mono text-xs text-muted-foreground select-all">{assistant.id}</div>
                <NarrowSummary assistant={assistant} />
              </TableCell>
              <TableCell className={`${COLUMN.model} max-w-48 font-mono text-[0.8125rem]`}>{assistant.model}</TableCell>
              <TableCell className={COLUMN.tools}>
                <ToolsCell tools={assistant.tools} />
              </TableCell>
              <TableCell className={COLUMN.metadata}>
                <MetadataCell metadata={assistant.metadata} />
              </TableCell>
              <TableCell className={COLUMN.version}>
                <VersionCell assistant={assistant} />
              </TableCell>
              <TableCell className="text-right whitespace-nowrap text-muted-foreground">
                <RelativeTime date={fromUnixSeconds("updated_at" in assistant ? assistant.updated_at : assistant.created_at)} />
              </TableCell>
              {renderActions ? <TableCell className="text-right">{renderActions(assistant)}</TableCell> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
