"use client";

import { useState } from "react";
import { removeMcpServer, testMcpServer } from "@/app/(console)/tools/actions";
import { Detail } from "@/components/tools/detail";
import { McpServerForm } from "@/components/tools/mcp-server-form";
import type { McpServerObject } from "@/components/tools/mcp-server-form-values";
import { approvalText } from "@/components/tools/approval-text";
import { mcpFunctionItems, OperationsList } from "@/components/tools/operations-list";
import { TestResult } from "@/components/tools/test-result";
import { useFunctionTest } from "@/components/tools/use-function-test";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ModalDialog } from "@/components/ui/modal-dialog";


function secretsText(server: McpServerObject): string {
  const parts = [server.authorization ? `token ${server.authorization}` : null, ...Object.entries(server.headers ?? {}).map(([name, value]) => `${name}: ${value}`)];
  return parts.filter(Boolean).join(", ") || "none";
}

type McpServerCardProps = {
  server: McpServerObject;
  /** Editors change and delete; everyone may list the server's tools. */
  canEdit: boolean;
};

/** One MCP server: its facts, Test connection (a live tools/list, linted), and for editors Edit and Delete. */
export function McpServerCard({ server, canEdit }: McpServerCardProps) {
  const [editing, setEditing] = useState(false);
  const test = useFunctionTest(() => testMcpServer({ id: server.id }));
  const headingId = `mcp-${server.id}-heading`;
  const label = server.server_label;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h3 id={headingId} className="font-mono text-sm font-semibold">
            {label}
          </h3>
          <Badge variant="outline">approval: {typeof server.require_approval === "string" ? server.require_approval : "per tool"}</Badge>
        </div>
        <div className="flex flex-wrap items-start justify-end gap-2">
          <Button variant="outline" size="sm" aria-label={`Test connection to ${label}`} disabled={test.pending} onClick={test.run}>
            {test.pending ? "Testing…" : "Test connection"}
          </Button>
          {canEdit ? (
            <>
              <Button variant="outline" size="sm" aria-label={`Edit ${label}`} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <ConfirmButton
                label="Delete"
                accessibleLabel={`Delete MCP server ${label}`}
                question={`Assistants using ${label} lose its tools.`}
                confirmLabel="Delete MCP server"
                action={removeMcpServer}
                input={{ id: server.id }}
              />
            </>
          ) : null}
        </div>
      </div>
      {server.description ? <p className="text-sm text-muted-foreground">{server.description}</p> : null}
      <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Detail label="Server URL">
          <span className="font-mono text-[0.8125rem]">{server.server_url}</span>
        </Detail>
        <Detail label="Secrets">
          <span className="font-mono text-[0.8125rem]">{secretsText(server)}</span>
        </Detail>
        <Detail label="Allowed tools">{server.allowed_tools ? server.allowed_tools.join(", ") || "none" : "all"}</Detail>
        <Detail label="Require approval">{approvalText(server.require_approval, "tool")}</Detail>
      </dl>
      <TestResult label={`Tools of ${label}`} test={test}>
        {(data) => <OperationsList label={`Functions of ${label}`} items={mcpFunctionItems(data)} noun="tool" />}
      </TestResult>
      {canEdit ? (
        <ModalDialog open={editing} title={`Edit MCP server ${label}`} onClose={() => setEditing(false)}>
          <McpServerForm
            key={server.updated_at}
            server={server}
            onSaved={() => {
              setEditing(false);
              test.reset();
            }}
            onCancel={() => setEditing(false)}
          />
        </ModalDialog>
      ) : null}
    </section>
  );
}
