import { cn } from "@/components/ui/cn";
import type { FieldDiff, LineChange, PathChange } from "@/lib/assistants/version-diff";

// A diff of two versions (lib/assistants/version-diff.ts) as the History page shows it.

const show = (value: unknown) => (value === null || value === undefined ? "null" : typeof value === "string" ? value : JSON.stringify(value));
const LINE_MARK: Record<LineChange["type"], string> = { added: "+", removed: "−", same: " " };
const PATH_WORD: Record<PathChange["type"], string> = { added: "added", removed: "removed", changed: "changed" };

function Lines({ lines }: { lines: LineChange[] }) {
  return (
    <pre tabIndex={0} aria-label="Line diff" className="max-h-96 overflow-auto rounded-md border bg-code py-1 font-mono text-[0.75rem] leading-relaxed">
      {lines.map((line, index) => (
        <div key={index} className={cn("px-2 whitespace-pre-wrap break-words", line.type === "added" && "bg-success-muted text-success", line.type === "removed" && "bg-destructive-muted text-destructive")}>
          <span aria-hidden="true" className="mr-2 select-none">
            {LINE_MARK[line.type]}
          </span>
          <span className="sr-only">{line.type === "same" ? "" : `${line.type}: `}</span>
          {line.text || " "}
        </div>
      ))}
    </pre>
  );
}

function Paths({ changes }: { changes: PathChange[] }) {
  return (
    <ul className="flex flex-col gap-1.5 text-[0.8125rem]">
      {changes.map((change, index) => (
        <li key={index} className="flex flex-col gap-0.5">
          <span>
            <span className={cn("mr-2 text-xs font-medium", change.type === "added" ? "text-success" : change.type === "removed" ? "text-destructive" : "text-muted-foreground")}>{PATH_WORD[change.type]}</span>
            <code className="font-mono text-[0.75rem] break-all">{change.path}</code>
          </span>
          {change.type !== "added" && change.before !== null ? <code className="ml-4 font-mono text-[0.75rem] break-all text-destructive">− {show(change.before)}</code> : null}
          {change.type !== "removed" && change.after !== null ? <code className="ml-4 font-mono text-[0.75rem] break-all text-success">+ {show(change.after)}</code> : null}
        </li>
      ))}
    </ul>
  );
}

export function VersionDiffView({ diffs }: { diffs: FieldDiff[] }) {
  if (diffs.length === 0) return <p className="text-sm text-muted-foreground">These versions are the same.</p>;
  return (
    <ul aria-label="Changed fields" className="flex flex-col divide-y rounded-lg border">
      {diffs.map((diff) => (
        <li key={diff.field} aria-label={diff.field} className="flex flex-col gap-2 px-4 py-3">
          <h3 className="font-mono text-sm font-semibold">{diff.field}</h3>
          {diff.kind === "value" ? (
            <p className="flex flex-wrap items-center gap-2 font-mono text-[0.8125rem]">
              <span className="rounded bg-destructive-muted px-1.5 text-destructive">{show(diff.before)}</span>
              <span aria-label="becomes">→</span>
              <span className="rounded bg-success-muted px-1.5 text-success">{show(diff.after)}</span>
            </p>
          ) : diff.kind === "text" ? (
            <Lines lines={diff.lines} />
          ) : diff.kind === "json" ? (
            <Paths changes={diff.changes} />
          ) : (
            <table className="w-full text-[0.8125rem]">
              <caption className="sr-only">Metadata changes</caption>
              <thead>
                <tr className="text-left text-xs text-muted-foreground">
                  <th className="py-1 pr-3 font-medium">Key</th>
                  <th className="py-1 pr-3 font-medium">Before</th>
                  <th className="py-1 font-medium">After</th>
                </tr>
              </thead>
              <tbody>
                {diff.rows.map((row) => (
                  <tr key={row.key} className="border-t">
                    <td className="py-1 pr-3 font-mono">{row.key}</td>
                    <td className="py-1 pr-3 font-mono text-destructive">{row.before ?? "—"}</td>
                    <td className="py-1 font-mono text-success">{row.after ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
