"use client";

import { Button } from "@/components/ui/button";
import { useModalDialog } from "@/components/ui/modal-dialog";
import type { AssistantObject } from "@/lib/assistants/wire";

export type FieldDifference = { field: string; theirs: string; mine: string };

const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/** The fields where the stored assistant (theirs) and the form (mine, in API shape) differ. */
export function differences(theirs: AssistantObject, mine: Record<string, unknown>): FieldDifference[] {
  return Object.keys(mine)
    .filter((field) => JSON.stringify(mine[field] ?? null) !== JSON.stringify((theirs as Record<string, unknown>)[field] ?? null))
    .map((field) => ({ field, theirs: show((theirs as Record<string, unknown>)[field]), mine: show(mine[field]) }));
}

type ConflictDialogProps = {
  open: boolean;
  version: number | null;
  rows: FieldDifference[];
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
};

/** A modal <dialog>: focus is trapped by the browser, Escape cancels. */
export function ConflictDialog({ open, version, rows, onReload, onOverwrite, onCancel }: ConflictDialogProps) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      aria-labelledby="conflict-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(42rem,calc(100vw-2rem))] rounded-xl border bg-card p-0 text-card-foreground shadow-xl backdrop:bg-black/40"
    >
      <div className="flex flex-col gap-4 p-5">
        <h2 id="conflict-title" className="text-base font-semibold">
          This assistant changed since you opened it
        </h2>
        <p className="text-sm text-muted-foreground">
          Someone (another tab, another person or the API) saved version {version ?? "?"}. Nothing of yours was saved. Compare, then keep theirs
          or overwrite it with yours.
        </p>
        {rows.length ? (
          <div className="max-h-72 overflow-auto rounded-lg border">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Fields that differ</caption>
              <thead className="bg-muted/50 text-xs text-muted-foreground">
                <tr>
                  <th className="px-3 py-2 font-medium">Field</th>
                  <th className="px-3 py-2 font-medium">Theirs (saved)</th>
                  <th className="px-3 py-2 font-medium">Yours</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.field} className="border-t align-top">
                    <td className="px-3 py-2 font-mono text-xs">{row.field}</td>
                    <td className="max-w-56 truncate px-3 py-2" title={row.theirs}>
                      {row.theirs}
                    </td>
                    <td className="max-w-56 truncate px-3 py-2" title={row.mine}>
                      {row.mine}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm">Their version has the same values as your form.</p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button variant="outline" onClick={onReload}>
            Load their version
          </Button>
          <Button onClick={onOverwrite}>Overwrite with mine</Button>
        </div>
      </div>
    </dialog>
  );
}
