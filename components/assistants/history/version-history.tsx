"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { loadAssistantVersion, removeAssistantLabel, restoreAssistantVersion, setAssistantLabel } from "@/app/(console)/assistants/[assistant_id]/history/actions";
import { VersionDiffView } from "@/components/assistants/history/version-diff-view";
import { TestResultBadge, type TestResultSummary } from "@/components/assistant-tests/result-badge";
import { callAction } from "@/components/forms/call-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inlineSelectClasses, Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/auth/action-result";
import { diffAssistants } from "@/lib/assistants/version-diff";
import { LABEL_PATTERN } from "@/lib/assistants/labels";

// An assistant's history: any two versions diffed field by field, and each version with who made
// it, where, why, its labels; editors restore a version (as a new one) and set or remove labels.

export type VersionSummary = { version: number; createdAt: Date; createdBy: string; source: string; note: string | null; labels: string[]; tests: TestResultSummary | null };

type Props = { assistantId: string; versions: VersionSummary[]; canEdit: boolean };

async function unwrap<T>(run: () => Promise<ActionResult<T>>): Promise<T> {
  const result = await callAction(run);
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

function useVersion(assistantId: string, version: number) {
  return useQuery({
    queryKey: ["assistant-version", assistantId, version],
    queryFn: () => unwrap(() => loadAssistantVersion({ id: assistantId, version })),
    // A version never changes: read once.
    staleTime: Infinity,
  });
}

function VersionSelect({ id, label, value, versions, onChange }: { id: string; label: string; value: number; versions: VersionSummary[]; onChange: (version: number) => void }) {
  return (
    <span className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} className={`${inlineSelectClasses} pr-8`} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {versions.map((version) => (
          <option key={version.version} value={version.version}>
            Version {version.version}
            {version.labels.length ? ` (${version.labels.join(", ")})` : ""}
          </option>
        ))}
      </select>
    </span>
  );
}

function DiffPanel({ assistantId, versions, from, to, onFrom, onTo }: { assistantId: string; versions: VersionSummary[]; from: number; to: number; onFrom: (v: number) => void; onTo: (v: number) => void }) {
  const a = useVersion(assistantId, from);
  const b = useVersion(assistantId, to);
  const diffs = useMemo(() => (a.data && b.data ? diffAssistants(a.data.assistant, b.data.assistant) : null), [a.data, b.data]);
  const error = a.error ?? b.error;
  return (
    <section aria-labelledby="diff-heading" className="flex flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs">
      <h2 id="diff-heading" className="text-base font-semibold">
        Compare versions
      </h2>
      <div className="flex flex-wrap items-center gap-3">
        <VersionSelect id="diff-from" label="From" value={from} versions={versions} onChange={onFrom} />
        <VersionSelect id="diff-to" label="To" value={to} versions={versions} onChange={onTo} />
      </div>
      {error ? <p className="text-sm text-destructive">Could not load a version: {error.message}</p> : diffs ? <VersionDiffView diffs={diffs} /> : <p role="status" className="text-sm text-muted-foreground">Loading the versions…</p>}
    </section>
  );
}

function VersionItem({ assistantId, version, current, canEdit, onCompare }: { assistantId: string; version: VersionSummary; current: number; canEdit: boolean; onCompare: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [label, setLabel] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const act = (run: () => Promise<string>) =>
    startTransition(async () => {
      try {
        setMessage({ text: await run(), error: false });
        router.refresh();
      } catch (error) {
        setMessage({ text: (error as Error).message, error: true });
      }
    });
  const restore = () =>
    act(async () => {
      const restored = await unwrap(() => restoreAssistantVersion({ id: assistantId, version: version.version }));
      setConfirming(false);
      return restored.version === current ? "Nothing to restore: this is what the assistant is now." : `Restored as version ${restored.version}.`;
    });
  const labelValid = LABEL_PATTERN.test(label);

  return (
    <li aria-label={`Version ${version.version}`} className="flex flex-col gap-2 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">Version {version.version}</h3>
        {version.version === current ? <Badge variant="success">current</Badge> : null}
        {version.tests ? <TestResultBadge result={version.tests} label={`Version ${version.version}'s latest test run`} /> : null}
        {version.labels.map((name) => (
          <Badge key={name} variant="outline" mono>
            {name}
            {canEdit ? (
              <button type="button" aria-label={`Remove label ${name}`} className="ml-1 text-muted-foreground hover:text-foreground" disabled={pending} onClick={() => act(async () => (await unwrap(() => removeAssistantLabel({ id: assistantId, label: name })), `Removed ${name}.`))}>
                ×
              </button>
            ) : null}
          </Badge>
        ))}
      </div>
      {version.note ? <p className="text-sm">{version.note}</p> : null}
      <p className="text-xs text-muted-foreground">
        {version.createdBy} · {version.source === "api" ? "API" : "console"} · <RelativeTime date={version.createdAt} />
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="ghost" size="sm" onClick={onCompare} aria-label={`Compare version ${version.version} with the current version`} disabled={version.version === current}>
          Compare with current
        </Button>
        {canEdit && version.version !== current ? (
          confirming ? (
            <span role="group" aria-label={`Restore version ${version.version}?`} className="flex items-center gap-2">
              <span className="text-xs text-muted-foreground">Becomes version {current + 1}.</span>
              <Button size="sm" disabled={pending} onClick={restore} autoFocus>
                Restore version {version.version}
              </Button>
              <Button variant="ghost" size="sm" disabled={pending} onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </span>
          ) : (
            <Button variant="outline" size="sm" onClick={() => setConfirming(true)} aria-label={`Restore version ${version.version}…`}>
              Restore…
            </Button>
          )
        ) : null}
        {canEdit ? (
          <form
            className="flex items-center gap-1.5"
            onSubmit={(event) => {
              event.preventDefault();
              if (!labelValid) return setMessage({ text: "A label is 1–40 lowercase letters, digits, '.', '_' or '-'.", error: true });
              act(async () => {
                await unwrap(() => setAssistantLabel({ id: assistantId, version: version.version, label }));
                setLabel("");
                return `${label} now points at version ${version.version}.`;
              });
            }}
          >
            <Input aria-label={`Label for version ${version.version}`} placeholder="production" value={label} onChange={(event) => setLabel(event.target.value.trim().toLowerCase())} className="h-8 w-32 text-[0.8125rem]" />
            <Button type="submit" variant="outline" size="sm" disabled={pending || label === ""}>
              Set label
            </Button>
          </form>
        ) : null}
      </div>
      <p role="status" className={message?.error ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
        {message?.text ?? ""}
      </p>
    </li>
  );
}

export function VersionHistory({ assistantId, versions, canEdit }: Props) {
  const current = versions[0]?.version ?? 1;
  const [from, setFrom] = useState(versions[1]?.version ?? current);
  const [to, setTo] = useState(current);
  return (
    <div className="flex flex-col gap-6">
      <DiffPanel assistantId={assistantId} versions={versions} from={from} to={to} onFrom={setFrom} onTo={setTo} />
      <section aria-labelledby="versions-heading" className="flex flex-col gap-3">
        <h2 id="versions-heading" className="text-base font-semibold">
          Versions
        </h2>
        <ol aria-label="Versions" className="flex flex-col divide-y rounded-xl border bg-card shadow-xs">
          {versions.map((version) => (
            <VersionItem
              key={version.version}
              assistantId={assistantId}
              version={version}
              current={current}
              canEdit={canEdit}
              onCompare={() => {
                setFrom(version.version);
                setTo(current);
                document.getElementById("diff-heading")?.scrollIntoView({ behavior: "smooth", block: "start" });
              }}
            />
          ))}
        </ol>
      </section>
    </div>
  );
}
