import { DetailList, InspectorSection } from "@/components/playground/run-inspector-parts";
import { formatCount, settingsRows } from "@/lib/playground/inspector";
import type { RunObject } from "@/lib/runs/wire";

/** The effective settings the run stored, by API field name, so they read like the request that reproduces them. */
export function SettingsSection({ run }: { run: RunObject }) {
  const rows = settingsRows(run).map((row) => ({
    label: row.label,
    value: row.label === "model" || row.label === "tools" ? <span className="font-mono text-[0.6875rem]">{row.value}</span> : row.value,
  }));
  return (
    <InspectorSection title="Settings it ran with">
      <DetailList mono rows={rows} />
      {run.instructions ? (
        <details className="text-xs">
          <summary className="cursor-pointer font-mono text-[0.6875rem] text-muted-foreground hover:text-foreground">
            instructions <span className="font-sans">({formatCount(run.instructions.length)} characters)</span>
          </summary>
          {/* Whitespace as written: instructions are often laid out as lists and sections. */}
          <pre tabIndex={0} className="mt-1.5 max-h-72 overflow-auto rounded-md border bg-code px-2 py-1.5 font-sans text-xs leading-relaxed break-words whitespace-pre-wrap">
            {run.instructions}
          </pre>
        </details>
      ) : (
        <p className="text-xs text-muted-foreground">
          <span className="font-mono text-[0.6875rem]">instructions</span> none
        </p>
      )}
    </InspectorSection>
  );
}
