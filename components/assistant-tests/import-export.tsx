"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { importTests } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";
import { exportFile, testsInFile } from "@/lib/assistant-tests/transfer";
import type { AssistantTestObject } from "@/lib/assistant-tests/wire";

// Export downloads the tests as JSON; Import reads such a file (or {"tests": […]}, or an array) and
// adds its tests to this assistant, all or none, naming the first test and field that is wrong.

export function ImportExport({ assistantId, tests, canEdit }: { assistantId: string; tests: AssistantTestObject[]; canEdit: boolean }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, startTransition] = useTransition();

  const download = () => {
    const blob = new Blob([`${JSON.stringify(exportFile(tests), null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement("a"), { href: url, download: `${assistantId}-tests.json` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const upload = (file: File) =>
    startTransition(async () => {
      setMessage(null);
      const read = testsInFile(await file.text());
      if (!read.ok) return setMessage({ text: read.message, error: true });
      const result = await callAction(() => importTests({ assistantId, tests: read.tests as never }));
      if (!result.ok) {
        const [path, problems] = Object.entries(result.fieldErrors)[0] ?? [];
        const where = path?.match(/^tests\.(\d+)\.?(.*)$/);
        return setMessage({ text: where ? `Test ${Number(where[1]) + 1}${where[2] ? `, ${where[2]}` : ""}: ${problems?.[0]}` : result.message, error: true });
      }
      setMessage({ text: `Imported ${result.data.count} test${result.data.count === 1 ? "" : "s"}.`, error: false });
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button variant="outline" size="sm" onClick={download} disabled={!tests.length}>
          Export
        </Button>
        {canEdit ? (
          <>
            <Button variant="outline" size="sm" onClick={() => input.current?.click()} disabled={pending}>
              {pending ? "Importing…" : "Import"}
            </Button>
            <input
              ref={input}
              type="file"
              accept="application/json,.json"
              className="sr-only"
              aria-label="Import tests from a JSON file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                if (file) upload(file);
              }}
            />
          </>
        ) : null}
      </div>
      {message ? (
        <p role={message.error ? "alert" : "status"} className={message.error ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
