import { Badge } from "@/components/ui/badge";
import { StrictProblems, type StrictProblem } from "@/components/tools/strict-problems";
import type { toPluginOperationObject } from "@/lib/plugins/wire";
import type { toMcpToolObject } from "@/lib/mcp/wire";

// The functions a plugin or an MCP server offers a model, as the API lists them: name, where it goes
// (method and path, or the tool's title), description, its JSON Schema (folded), why a run cannot
// call it, and the strict-mode lint's warnings with their paths.

export type PluginOperationObject = ReturnType<typeof toPluginOperationObject>;
export type McpToolObject = ReturnType<typeof toMcpToolObject>;

export type FunctionItem = {
  name: string;
  /** `GET /cities/{city}` for an operation, the title for an MCP tool. */
  subtitle: string | null;
  description: string | null;
  schema: unknown;
  /** Why a run will not offer it, or null. */
  unsupported: string | null;
  /** Short facts shown as badges ("asks for approval"). */
  notes: string[];
  problems: readonly StrictProblem[];
};

export function pluginFunctionItems(operations: readonly PluginOperationObject[]): FunctionItem[] {
  return operations.map((operation) => ({
    name: operation.name,
    subtitle: `${operation.method} ${operation.path}`,
    description: operation.description || null,
    schema: operation.parameters,
    unsupported: operation.unsupported,
    notes: operation.unsupported ? [] : [operation.require_approval ? "asks for approval" : "runs without approval"],
    problems: operation.strict_problems,
  }));
}

export function mcpFunctionItems(tools: readonly McpToolObject[]): FunctionItem[] {
  return tools.map((tool) => ({
    name: tool.name,
    subtitle: tool.title,
    description: tool.description,
    schema: tool.input_schema,
    // Left out by the server's allowed_tools: runs never offer it.
    unsupported: tool.allowed ? null : "not in this server's allowed tools",
    notes: tool.allowed ? [tool.require_approval ? "asks for approval" : "runs without approval"] : [],
    problems: tool.strict_problems,
  }));
}

type OperationsListProps = {
  /** What the functions belong to, naming the list for screen readers. */
  label: string;
  items: readonly FunctionItem[];
  /** "operation" or "tool", in the count. */
  noun: string;
};

export function OperationsList({ label, items, noun }: OperationsListProps) {
  const callable = items.filter((item) => !item.unsupported).length;
  const warned = items.filter((item) => item.problems.length > 0).length;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm">
        {items.length} {items.length === 1 ? noun : `${noun}s`}
        {callable !== items.length ? `, ${callable} callable` : ""}
        {warned ? `, ${warned} with strict-mode warnings` : ""}.
      </p>
      {items.length > 0 ? (
        <ul aria-label={label} className="flex max-h-[28rem] flex-col gap-2 overflow-y-auto">
          {items.map((item) => (
            <li key={item.name} aria-label={item.name} className="flex flex-col gap-1.5 rounded-md border px-3 py-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-[0.8125rem] font-semibold">{item.name}</span>
                {item.subtitle ? <span className="font-mono text-xs text-muted-foreground">{item.subtitle}</span> : null}
                {item.unsupported ? <Badge variant="destructive">not callable</Badge> : null}
                {item.notes.map((note) => (
                  <Badge key={note} variant="outline">
                    {note}
                  </Badge>
                ))}
              </div>
              {item.description ? <p className="text-[0.8125rem] whitespace-pre-line text-muted-foreground">{item.description}</p> : null}
              {item.unsupported ? <p className="text-[0.8125rem] text-destructive">Not offered to models: {item.unsupported}.</p> : null}
              <StrictProblems name={item.name} problems={item.problems} />
              <details className="text-[0.8125rem]">
                <summary className="cursor-pointer text-muted-foreground">JSON schema</summary>
                <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-code p-2 font-mono text-xs" tabIndex={0}>
                  {JSON.stringify(item.schema, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
