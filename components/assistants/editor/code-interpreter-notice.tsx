import Link from "next/link";
import type { CodeSandboxStatus } from "@/lib/code/status";
import { Alert } from "@/components/ui/alert";

// Under the code_interpreter tool in the editor: which sandbox this server runs the assistant's
// Python in and what that Python can import (pyodide has no numpy or matplotlib, so no charts),
// so an instruction like "plot it" is written knowing what is there. The status is read on the
// server (lib/code/status.ts) and handed down by the page.

export function CodeInterpreterNotice({ status }: { status: CodeSandboxStatus | undefined }) {
  if (!status) return null;
  const details = (
    <Link href="/settings/code-interpreter" className="underline underline-offset-2">
      Settings → Code interpreter
    </Link>
  );
  if (!status.available) {
    return (
      <div role="alert">
        <Alert variant="destructive" title={`The ${status.kind} sandbox cannot start on this server: the code interpreter will not run here.`}>
          {status.reason ?? "The server did not say why."} See {details}.
        </Alert>
      </div>
    );
  }
  return (
    <p role="note" className="rounded-md bg-muted px-3 py-2 text-[0.8125rem] text-muted-foreground">
      On this server, Python runs in the <span className="font-mono font-medium text-foreground">{status.kind}</span> sandbox (up to {status.timeoutSeconds} s a call, {status.memoryMb} MB a
      session). <span className="font-medium text-foreground">What code can import:</span> {status.imports} More in {details}.
    </p>
  );
}
