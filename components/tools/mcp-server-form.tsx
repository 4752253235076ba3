"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import { useFieldArray } from "react-hook-form";
import type { z } from "zod";
import { addMcpServer, editMcpServer } from "@/app/(console)/tools/actions";
import { FormError } from "@/components/forms/form-input";
import {
  createMcpServerRequest,
  EMPTY_MCP_SERVER_FORM,
  mcpServerFieldOf,
  mcpServerFormValues,
  updateMcpServerRequest,
  type McpServerFormValues,
  type McpServerObject,
} from "@/components/tools/mcp-server-form-values";
import { useRequestForm } from "@/components/tools/use-request-form";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { createMcpServerSchema, MCP_LIMITS, updateMcpServerSchema } from "@/lib/mcp/schema";

type McpServerFormProps = {
  /** Edit this server; without one the form adds a server. */
  server?: McpServerObject;
  onSaved: (saved: McpServerObject) => void;
  onCancel: () => void;
};

const KEEP_HINT = "Stored values show masked; leave them to keep them, or type new ones.";

/**
 * Adds or edits an MCP server (streamable HTTP), in the shape of OpenAI's `mcp` tool: label, URL,
 * a bearer token and headers (stored encrypted, shown masked), the tools runs may use, and whether
 * a run asks before calling one.
 */
export function McpServerForm({ server, onSaved, onCancel }: McpServerFormProps) {
  const router = useRouter();
  const prefix = useId();
  const initial = server ? mcpServerFormValues(server) : EMPTY_MCP_SERVER_FORM;
  const { form, onSubmit, formError, errorOf } = useRequestForm({
    defaultValues: initial,
    toRequest: (values: McpServerFormValues) => (server ? updateMcpServerRequest(values, initial) : createMcpServerRequest(values)),
    // The action takes `unknown` (it parses again); the two schemas differ only in what they accept.
    schema: (server ? updateMcpServerSchema : createMcpServerSchema) as z.ZodType<unknown>,
    fieldOf: mcpServerFieldOf,
    action: (request) => (server ? editMcpServer({ id: server.id, values: request }) : addMcpServer(request)),
    onSuccess: (saved) => {
      onSaved(saved);
      router.refresh();
    },
  });
  const headers = useFieldArray({ control: form.control, name: "headers" });
  const submitting = form.formState.isSubmitting;
  const stored = Boolean(server && (server.authorization || server.headers));

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${prefix}-label`} label="Server label" rule="1-64 letters, digits, _ and -." hint="Assistants reference the server by it." error={errorOf("server_label")}>
          {(aria) => <Input {...aria} {...form.register("server_label")} autoComplete="off" spellCheck={false} placeholder="docs" className="font-mono" />}
        </Field>
        <Field id={`${prefix}-url`} label="Server URL" hint="Streamable HTTP endpoint." error={errorOf("server_url")}>
          {(aria) => <Input {...aria} {...form.register("server_url")} type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://mcp.example.com/mcp" />}
        </Field>
      </div>
      <Field id={`${prefix}-description`} label="Description" error={errorOf("description")}>
        {(aria) => <Input {...aria} {...form.register("description")} autoComplete="off" />}
      </Field>
      <Field
        id={`${prefix}-authorization`}
        label="Authorization token"
        hint={stored ? `${KEEP_HINT} Empty: no token.` : "Optional. Sent as Authorization: Bearer …; stored encrypted."}
        error={errorOf("authorization")}
      >
        {(aria) => <Input {...aria} {...form.register("authorization")} type="password" autoComplete="new-password" spellCheck={false} />}
      </Field>
      <fieldset className="flex flex-col gap-3 rounded-lg border p-4" aria-describedby={`${prefix}-headers-hint`}>
        <legend className="px-1 text-sm font-medium">Headers</legend>
        <p id={`${prefix}-headers-hint`} className="text-[0.8125rem] text-muted-foreground">
          Sent with every request, values stored encrypted. {stored ? KEEP_HINT : null}
        </p>
        {headers.fields.map((row, index) => (
          <div key={row.id} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_auto]">
            <Field id={`${prefix}-header-${index}-name`} label={`Header ${index + 1} name`}>
              {(aria) => <Input {...aria} {...form.register(`headers.${index}.name`)} autoComplete="off" spellCheck={false} placeholder="X-Api-Key" className="font-mono" />}
            </Field>
            <Field id={`${prefix}-header-${index}-value`} label={`Header ${index + 1} value`}>
              {(aria) => <Input {...aria} {...form.register(`headers.${index}.value`)} type="password" autoComplete="new-password" spellCheck={false} />}
            </Field>
            <Button variant="ghost" size="sm" aria-label={`Remove header ${index + 1}`} onClick={() => headers.remove(index)}>
              Remove
            </Button>
          </div>
        ))}
        {errorOf("headers") ? <p className="text-[0.8125rem] text-destructive">{errorOf("headers")}</p> : null}
        <div>
          <Button variant="outline" size="sm" disabled={headers.fields.length >= MCP_LIMITS.headers} onClick={() => headers.append({ name: "", value: "" })}>
            Add header
          </Button>
        </div>
      </fieldset>
      <Field
        id={`${prefix}-allowed-tools`}
        label="Allowed tools"
        hint="Tool names, separated by commas. Empty: every tool the server lists."
        error={errorOf("allowed_tools")}
      >
        {(aria) => <Input {...aria} {...form.register("allowed_tools")} autoComplete="off" spellCheck={false} placeholder="search, fetch" className="font-mono" />}
      </Field>
      <Field id={`${prefix}-approval`} label="Require approval" hint="Always: a run stops for someone to approve each call before it is made." error={errorOf("require_approval")}>
        {(aria) => (
          <Select {...aria} {...form.register("require_approval")}>
            <option value="always">Always</option>
            <option value="never">Never</option>
            {initial.require_approval === "custom" ? <option value="custom">Per tool (as set through the API)</option> : null}
          </Select>
        )}
      </Field>
      <DialogActions busy={submitting} onCancel={onCancel}>
        <Button type="submit" disabled={submitting}>
          {submitting ? "Saving…" : server ? "Save MCP server" : "Add MCP server"}
        </Button>
      </DialogActions>
    </form>
  );
}
