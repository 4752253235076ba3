"use client";

import { Controller, useFormContext } from "react-hook-form";
import { errorAt, errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { FieldMessage, NotRegisteredWarning, RegistryHint, useToolValue } from "@/components/assistants/editor/registry-tool-parts";
import { inputClasses, Select } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import { pluginToolFor, type RegistryPlugin } from "@/lib/assistants/tool-registry";
import type { PluginTool } from "@/lib/assistants/tools";

// A Model Studio plugin tool (`{ type: "<plugin_id>", auth? }`): the plugin is picked from the
// workspace's registry; a plugin whose auth is `user` acts with this assistant's own token.

/** The card's title: the plugin's name when the registry knows it, else its id. */
export function pluginTitle(tool: PluginTool | undefined, plugins: RegistryPlugin[]): string {
  if (!tool?.type) return "Plugin";
  return `Plugin · ${plugins.find((plugin) => plugin.id === tool.type)?.name ?? tool.type}`;
}

export function PluginToolFields({ index, plugins }: { index: number; plugins: RegistryPlugin[] }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const [tool, setTool] = useToolValue<PluginTool>(index);
  const path = `tools.${index}`;
  const id = `field-tools-${index}`;
  const plugin = plugins.find((candidate) => candidate.id === tool.type);
  // A stored tool keeps its token field even when the plugin is gone (or no longer asks for one), so it stays editable.
  const takesToken = plugin ? plugin.auth === "user" || tool.auth !== undefined : tool.auth !== undefined;
  const typeError = errorAt(errors, `${path}.type`);
  // The schema reports an empty token at auth.user_token, the API a missing one at auth.
  const tokenError = errorAt(errors, `${path}.auth.user_token`) ?? errorAtOrBelow(errors, `${path}.auth`);

  return (
    <div className="flex flex-col gap-3">
      {plugins.length === 0 ? <RegistryHint what="plugin" /> : null}
      {plugins.length > 0 || tool.type ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="flex flex-col gap-1.5">
            <label htmlFor={`${id}-plugin`} className="text-sm font-medium">
              Plugin
            </label>
            {/* Controller for its ref: a server error at tools.N.type can focus the select. Not its
                onBlur: leaving an unpicked select just added (focused on adding) would show its error
                and move the add buttons under the pointer; a pick or a save shows it. */}
            <Controller
              control={control}
              name={`${path}.type` as never}
              render={({ field }) => (
                <Select
                  id={`${id}-plugin`}
                  ref={field.ref}
                  name={field.name}
                  value={tool.type}
                  aria-invalid={Boolean(typeError)}
                  aria-describedby={`${id}-plugin-message`}
                  onChange={(event) => {
                    const picked = plugins.find((candidate) => candidate.id === event.target.value);
                    setTool(pluginToolFor(event.target.value, picked?.auth, tool));
                  }}
                >
                  {tool.type === "" ? (
                    <option value="" disabled>
                      Choose a plugin…
                    </option>
                  ) : null}
                  {tool.type && !plugin ? <option value={tool.type}>{tool.type} (not registered)</option> : null}
                  {plugins.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name} ({candidate.id})
                    </option>
                  ))}
                </Select>
              )}
            />
            <FieldMessage id={`${id}-plugin-message`} error={typeError} hint={plugin ? <span className="font-mono">{plugin.id}</span> : undefined} />
          </div>
          {takesToken ? (
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-token`} className="text-sm font-medium">
                User token
              </label>
              <input
                id={`${id}-token`}
                name={`${path}.auth.user_token`}
                type="password"
                autoComplete="off"
                className={inputClasses}
                value={tool.auth?.user_token ?? ""}
                aria-invalid={Boolean(tokenError)}
                aria-describedby={`${id}-token-message`}
                onChange={(event) => setTool({ ...tool, auth: { type: "user_http", user_token: event.target.value } })}
              />
              <FieldMessage id={`${id}-token-message`} error={tokenError} hint="This assistant's own token for the plugin. Stored as given, shown masked once saved: leave the mask to keep it." />
            </div>
          ) : null}
        </div>
      ) : null}
      {tool.type && !plugin ? <NotRegisteredWarning name={tool.type} /> : null}
    </div>
  );
}
