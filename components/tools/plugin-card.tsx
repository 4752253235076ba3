"use client";

import { useState } from "react";
import { removePlugin, testPlugin } from "@/app/(console)/tools/actions";
import { approvalText } from "@/components/tools/approval-text";
import { OperationsList, pluginFunctionItems } from "@/components/tools/operations-list";
import { PluginForm } from "@/components/tools/plugin-form";
import type { PluginObject } from "@/components/tools/plugin-form-values";
import { TestResult } from "@/components/tools/test-result";
import { useFunctionTest } from "@/components/tools/use-function-test";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Detail } from "@/components/tools/detail";
import { ModalDialog } from "@/components/ui/modal-dialog";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Operations in the document as saved (its paths' methods); the test lists them as functions. */
export function countOperations(document: unknown): number {
  const paths = (document as { paths?: unknown } | null)?.paths;
  if (typeof paths !== "object" || paths === null) return 0;
  return Object.values(paths).reduce<number>((sum, item) => sum + (typeof item === "object" && item !== null ? METHODS.filter((method) => method in item).length : 0), 0);
}

function authText(auth: PluginObject["auth"]): string {
  if (auth.type === "user") return "User token (each assistant gives its own)";
  if (auth.type === "none") return "None";
  return "header" in auth ? `Service header ${auth.header.name}: ${auth.header.value}` : `Service bearer token ${auth.bearer_token}`;
}

type PluginCardProps = {
  plugin: PluginObject;
  /** Editors change and delete; everyone may look at the operations. */
  canEdit: boolean;
};

/** One plugin: its facts, Test connection (the functions it offers, linted), and for editors Edit and Delete. */
export function PluginCard({ plugin, canEdit }: PluginCardProps) {
  const [editing, setEditing] = useState(false);
  const test = useFunctionTest(() => testPlugin({ id: plugin.id }));
  const headingId = `plugin-${plugin.id}-heading`;
  const operations = countOperations(plugin.openapi);

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h3 id={headingId} className="text-sm font-semibold">
            {plugin.name}
          </h3>
          <Badge mono variant="outline" title="The plugin's id: assistants use it as the tool's type">
            {plugin.id}
          </Badge>
        </div>
        <div className="flex flex-wrap items-start justify-end gap-2">
          <Button variant="outline" size="sm" aria-label={`Test connection to ${plugin.name}`} disabled={test.pending} onClick={test.run}>
            {test.pending ? "Testing…" : "Test connection"}
          </Button>
          {canEdit ? (
            <>
              <Button variant="outline" size="sm" aria-label={`Edit ${plugin.name}`} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <ConfirmButton
                label="Delete"
                accessibleLabel={`Delete plugin ${plugin.name}`}
                question={`Assistants using ${plugin.id} lose its functions.`}
                confirmLabel="Delete plugin"
                action={removePlugin}
                input={{ id: plugin.id }}
              />
            </>
          ) : null}
        </div>
      </div>
      {plugin.description ? <p className="text-sm text-muted-foreground">{plugin.description}</p> : null}
      <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Detail label="Server URL">
          <span className="font-mono text-[0.8125rem]">{plugin.server_url}</span>
        </Detail>
        <Detail label="Authentication">{authText(plugin.auth)}</Detail>
        <Detail label="Operations">{operations === 1 ? "1 operation" : `${operations} operations`}</Detail>
        <Detail label="Require approval">{approvalText(plugin.require_approval, "operation")}</Detail>
      </dl>
      <TestResult label={`Operations of ${plugin.name}`} test={test}>
        {(data) => <OperationsList label={`Functions of ${plugin.name}`} items={pluginFunctionItems(data)} noun="operation" />}
      </TestResult>
      {canEdit ? (
        <ModalDialog open={editing} title={`Edit plugin ${plugin.name}`} onClose={() => setEditing(false)}>
          <PluginForm
            key={plugin.updated_at}
            plugin={plugin}
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
