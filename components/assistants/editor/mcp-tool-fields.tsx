"use client";

import { useState } from "react";
import { Controller, useFormContext } from "react-hook-form";
import { errorAt, errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { FieldMessage, NotRegisteredWarning, RegistryHint, useToolValue } from "@/components/assistants/editor/registry-tool-parts";
import { inputClasses, Select } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import { allowedToolsText, approvalChoice, describeApproval, mcpToolFor, parseAllowedTools, withMcpField, type ApprovalChoice, type RegistryMcpServer } from "@/lib/assistants/tool-registry";
import type { McpTool } from "@/lib/assistants/tools";

// An MCP tool (`{ type: "mcp", server_label, … }`, OpenAI's Responses shape): the server is picked
// from the workspace's registry by label, which holds its URL and sealed secrets; the tool may
// narrow the server's tools and add approvals.

export function mcpTitle(tool: McpTool | undefined): string {
  return tool?.server_label ? `MCP · ${tool.server_label}` : "MCP server";
}

export function McpToolFields({ index, servers }: { index: number; servers: RegistryMcpServer[] }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const [tool, setTool] = useToolValue<McpTool>(index);
  // The text as typed ("a, " mid-word), written to the tool as a list on each change.
  const [allowedText, setAllowedText] = useState(() => allowedToolsText(tool.allowed_tools));
  const path = `tools.${index}`;
  const id = `field-tools-${index}`;
  const server = servers.find((candidate) => candidate.server_label === tool.server_label);
  const labelError = errorAt(errors, `${path}.server_label`) ?? errorAt(errors, `${path}.server_url`);
  const allowedError = errorAtOrBelow(errors, `${path}.allowed_tools`);
  const approvalError = errorAtOrBelow(errors, `${path}.require_approval`);
  const choice = approvalChoice(tool.require_approval);

  return (
    <div className="flex flex-col gap-3">
      {servers.length === 0 ? <RegistryHint what="MCP server" /> : null}
      {servers.length > 0 || tool.server_label ? (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-server`} className="text-sm font-medium">
            MCP server
          </label>
          {/* Controller for its ref: a server error at tools.N.server_label can focus the select. Not
              its onBlur: leaving an unpicked select just added (focused on adding) would show its error
              and move the add buttons under the pointer; a pick or a save shows it. */}
          <Controller
            control={control}
            name={`${path}.server_label` as never}
            render={({ field }) => (
              <Select
                id={`${id}-server`}
                ref={field.ref}
                name={field.name}
                value={tool.server_label}
                aria-invalid={Boolean(labelError)}
                aria-describedby={`${id}-server-message`}
                onChange={(event) => setTool(mcpToolFor(event.target.value, tool))}
              >
                {tool.server_label === "" ? (
                  <option value="" disabled>
                    Choose a server…
                  </option>
                ) : null}
                {tool.server_label && !server ? (
                  <option value={tool.server_label}>
                    {tool.server_label} {tool.server_url ? `— ${tool.server_url}` : "(not registered)"}
                  </option>
                ) : null}
                {servers.map((candidate) => (
                  <option key={candidate.server_label} value={candidate.server_label}>
                    {candidate.server_label} — {candidate.server_url}
                  </option>
                ))}
              </Select>
            )}
          />
          <FieldMessage
            id={`${id}-server-message`}
            error={labelError}
            hint={
              server ? (
                <>
                  <span className="font-mono">{server.server_url}</span>
                  {server.description ? ` · ${server.description}` : null}
                </>
              ) : undefined
            }
          />
        </div>
      ) : null}
      {tool.server_label && !server && !tool.server_url ? <NotRegisteredWarning name={tool.server_label} /> : null}
      {tool.server_label && !server && tool.server_url ? (
        <p role="note" className="text-[0.8125rem] text-muted-foreground">
          Not in the registry: called directly at <span className="font-mono">{tool.server_url}</span>, without secrets. Pick a registered server to use its URL and secrets instead.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-allowed`} className="text-sm font-medium">
            Allowed tools
          </label>
          <input
            id={`${id}-allowed`}
            name={`${path}.allowed_tools`}
            autoComplete="off"
            placeholder="All the server allows"
            className={inputClasses}
            value={allowedText}
            aria-invalid={Boolean(allowedError)}
            aria-describedby={`${id}-allowed-message`}
            onChange={(event) => {
              setAllowedText(event.target.value);
              setTool(withMcpField(tool, "allowed_tools", parseAllowedTools(event.target.value)));
            }}
          />
          <FieldMessage id={`${id}-allowed-message`} error={allowedError} hint="Optional. Tool names separated by commas; empty: every tool the server allows." />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-approval`} className="text-sm font-medium">
            Require approval
          </label>
          <Select
            id={`${id}-approval`}
            name={`${path}.require_approval`}
            value={choice}
            aria-invalid={Boolean(approvalError)}
            aria-describedby={`${id}-approval-message`}
            onChange={(event) => {
              const next = event.target.value as ApprovalChoice;
              // "custom" is the stored per-tool value, only offered while it is the one shown.
              if (next === "custom") return;
              setTool(withMcpField(tool, "require_approval", next === "default" ? undefined : next));
            }}
          >
            <option value="default">Server default</option>
            <option value="always">Always</option>
            <option value="never">Never</option>
            {choice === "custom" ? <option value="custom">Per tool (as stored)</option> : null}
          </Select>
          <FieldMessage
            id={`${id}-approval-message`}
            error={approvalError}
            hint={`${server ? `Server default: ${describeApproval(server.require_approval)}. ` : ""}Adds to the server's approvals, never removes them.`}
          />
        </div>
      </div>
    </div>
  );
}
