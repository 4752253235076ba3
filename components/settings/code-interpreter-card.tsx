import type { CodeSandboxStatus } from "@/lib/code/status";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InlineCode } from "@/components/ui/inline-code";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// Where the code_interpreter tool's Python runs on this server (issue 23), its limits, and the
// environment variables that set them. Read-only: they are the server's configuration
// (lib/env.ts, .env.example), the same for every workspace, changed by restarting with new values.

const SANDBOX_NAMES: Record<CodeSandboxStatus["kind"], string> = {
  pyodide: "pyodide (CPython in WebAssembly)",
  bwrap: "bwrap (the system's Python under bubblewrap)",
};

export function CodeInterpreterCard({ status }: { status: CodeSandboxStatus }) {
  const variables = [
    { name: "ATELIER_CODE_SANDBOX", value: status.kind, meaning: "Where Python runs: pyodide (default, nothing to install, the standard library only) or bwrap (Linux, bubblewrap and the system's Python 3 with its packages)." },
    { name: "ATELIER_CODE_TIMEOUT_SECONDS", value: String(status.timeoutSeconds), meaning: "Seconds one call may run; then it is stopped and the session starts again empty (default 60)." },
    { name: "ATELIER_CODE_MEMORY_MB", value: String(status.memoryMb), meaning: "Memory one session may use, in MB (default 512)." },
    { name: "ATELIER_CODE_MAX_SESSIONS", value: String(status.maxSessions), meaning: "Sessions (one per thread) this instance keeps; the least recently used is closed first, idle ones after 20 minutes (default 20)." },
  ];
  return (
    <Card aria-labelledby="code-interpreter-heading">
      <CardHeader>
        <CardTitle id="code-interpreter-heading">Code interpreter</CardTitle>
        <CardDescription>Where assistants with the code interpreter tool run their Python, for every workspace on this server.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge variant={status.available ? "success" : "destructive"} aria-hidden="true">
            {status.available ? "Available" : "Unavailable"}
          </Badge>
          <span className="font-medium">Sandbox: {SANDBOX_NAMES[status.kind]}</span>
        </p>
        {status.available ? null : (
          <div role="alert">
            <Alert variant="destructive" title={`The ${status.kind} sandbox cannot start on this machine`}>
              {status.reason ?? "The server did not say why."}
            </Alert>
          </div>
        )}
        <dl className="grid gap-4 sm:grid-cols-2">
          <div>
            <dt className="text-muted-foreground">Isolation</dt>
            <dd className="mt-1">{status.isolation}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">What code can import</dt>
            <dd className="mt-1">{status.imports}</dd>
          </div>
        </dl>
        <dl className="grid gap-4 sm:grid-cols-3" aria-label="Limits">
          <div>
            <dt className="text-muted-foreground">Time per call</dt>
            <dd className="mt-1 tabular-nums">{status.timeoutSeconds} s</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Memory per session</dt>
            <dd className="mt-1 tabular-nums">{status.memoryMb} MB</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Sessions per instance</dt>
            <dd className="mt-1 tabular-nums">{status.maxSessions}</dd>
          </div>
        </dl>
        <div className="flex flex-col gap-2">
          <h3 className="font-medium">How to change them</h3>
          <p className="text-muted-foreground">
            These are the server&apos;s settings, not the workspace&apos;s: set them in its environment or its <InlineCode>.env</InlineCode> file (<InlineCode>.env.example</InlineCode> describes
            them) and restart it. Each instance reads its own.
          </p>
          <div className="rounded-lg border">
            <Table label="Code interpreter settings">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Variable</TableHead>
                  <TableHead>Now</TableHead>
                  <TableHead>Meaning</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {variables.map((variable) => (
                  <TableRow key={variable.name}>
                    <TableCell className="font-mono text-[0.8125rem]">{variable.name}</TableCell>
                    <TableCell className="font-mono text-[0.8125rem]">{variable.value}</TableCell>
                    <TableCell className="text-muted-foreground">{variable.meaning}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
