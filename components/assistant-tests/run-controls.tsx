"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { startTestRun } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";
import { inlineSelectClasses, Input } from "@/components/ui/input";
import { TEST_RUN_LIMITS } from "@/lib/assistant-tests/run-status";
import { InlineError } from "@/components/ui/inline-error";

// Which variant a test run tests (the assistant as it is, a version, a label) and how many times;
// "Run all tests" starts it and opens its page, where its progress shows.

export type VersionChoice = { version: number; labels: string[] };

export function RunControls({ assistantId, currentVersion, versions, disabled }: { assistantId: string; currentVersion: number; versions: VersionChoice[]; disabled: boolean }) {
  const router = useRouter();
  const [variant, setVariant] = useState("");
  const [repeat, setRepeat] = useState("1");
  const [judge, setJudge] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const labels = versions.flatMap((version) => version.labels.map((label) => ({ label, version: version.version })));

  const run = () =>
    startTransition(async () => {
      setError(null);
      const version = variant === "" ? null : /^\d+$/.test(variant) ? Number(variant) : variant;
      const result = await callAction(() => startTestRun({ assistantId, request: { version, repeat: Number(repeat), ...(judge.trim() && { judge_model: judge.trim() }) } }));
      if (!result.ok) return setError(Object.values(result.fieldErrors).flat()[0] ?? result.message);
      router.push(`/assistants/${assistantId}/tests/runs/${result.data.id}`);
    });

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Test against
          <select className={`${inlineSelectClasses} pr-8`} value={variant} onChange={(event) => setVariant(event.target.value)}>
            <option value="">The assistant as it is (v{currentVersion})</option>
            {labels.map(({ label, version }) => (
              <option key={`label-${label}`} value={label}>
                Label {label} (v{version})
              </option>
            ))}
            {versions.map((version) => (
              <option key={version.version} value={String(version.version)}>
                Version {version.version}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Repeat each
          <Input type="number" min={1} max={TEST_RUN_LIMITS.repeat} value={repeat} onChange={(event) => setRepeat(event.target.value)} className="h-8 w-20" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Judge model
          <Input value={judge} onChange={(event) => setJudge(event.target.value)} placeholder="default" className="h-8 w-48" title="The judge of llm-rubric assertions that name none (default: ATELIER_JUDGE_MODEL, else the run's model)" />
        </label>
        <Button onClick={run} disabled={disabled || pending}>
          {pending ? "Starting…" : "Run all tests"}
        </Button>
      </div>
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
    </div>
  );
}
