"use client";

import { Button } from "@/components/ui/button";
import { Popover, popoverTrigger } from "@/components/ui/popover";
import { LIMITS } from "@/lib/assistants/schema";
import type { MetadataCheck, MetadataRow } from "@/lib/assistants/metadata-rows";

// Metadata for the next message, in a popover beside the composer: the API's rules (16 pairs,
// keys ≤ 64, values ≤ 512, no duplicate keys) checked per row, as the assistant editor does.

const POPOVER_ID = "message-metadata";
const ANCHOR = "--message-metadata";

type Props = { rows: MetadataRow[]; onChange: (rows: MetadataRow[]) => void; check: MetadataCheck };

export function MessageMetadata({ rows, onChange, check }: Props) {
  const count = Object.keys(check.metadata).length;
  const set = (index: number, change: Partial<MetadataRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  // The popover sits inside the composer's form: Enter in a field must not send the message.
  const keepEnter = (event: React.KeyboardEvent) => event.key === "Enter" && event.preventDefault();
  return (
    <>
      <Button variant="ghost" size="sm" {...popoverTrigger(POPOVER_ID, ANCHOR)} aria-label={count ? `Message metadata (${count})` : "Message metadata"}>
        Metadata{count ? ` (${count})` : ""}
      </Button>
      <Popover id={POPOVER_ID} label="Message metadata" anchor={ANCHOR}>
        <div className="flex flex-col gap-2">
          <p className="text-xs text-muted-foreground">
            Stored on the message you send next (up to {LIMITS.metadataPairs} pairs; keys ≤ {LIMITS.metadataKey} characters, values ≤ {LIMITS.metadataValue}).
          </p>
          <ul className="flex flex-col gap-1.5" aria-label="Metadata pairs">
            {rows.map((row, index) => (
              <li key={index} className="flex flex-col gap-0.5">
                <div className="flex gap-1.5">
                  <input aria-label={`Metadata key ${index + 1}`} placeholder="key" value={row.key} onChange={(e) => set(index, { key: e.target.value })} onKeyDown={keepEnter} aria-invalid={check.problems.has(index)} className="h-8 w-40 rounded-md border bg-background px-2 font-mono text-xs aria-invalid:border-destructive" />
                  <input aria-label={`Metadata value ${index + 1}`} placeholder="value" value={row.value} onChange={(e) => set(index, { value: e.target.value })} onKeyDown={keepEnter} className="h-8 min-w-0 flex-1 rounded-md border bg-background px-2 font-mono text-xs" />
                  <Button variant="ghost" size="sm" className="px-2" aria-label={`Remove metadata row ${index + 1}`} onClick={() => onChange(rows.length > 1 ? rows.filter((_, i) => i !== index) : [{ key: "", value: "" }])}>
                    ×
                  </Button>
                </div>
                {check.problems.has(index) ? <p className="text-xs text-destructive">{check.problems.get(index)}</p> : null}
              </li>
            ))}
          </ul>
          <div className="flex items-center justify-between gap-2">
            <Button variant="ghost" size="sm" onClick={() => onChange([...rows, { key: "", value: "" }])} disabled={rows.length >= LIMITS.metadataPairs}>
              Add pair
            </Button>
            <Button variant="outline" size="sm" popoverTarget={POPOVER_ID} popoverTargetAction="hide">
              Done
            </Button>
          </div>
        </div>
      </Popover>
    </>
  );
}
