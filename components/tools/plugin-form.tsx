"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import { addPlugin, editPlugin } from "@/app/(console)/tools/actions";
import { FormError } from "@/components/forms/form-input";
import {
  createPluginRequest,
  EMPTY_PLUGIN_FORM,
  pluginFieldOf,
  pluginFormValues,
  updatePluginRequest,
  type PluginFormValues,
  type PluginObject,
} from "@/components/tools/plugin-form-values";
import { useRequestForm } from "@/components/tools/use-request-form";
import { Button } from "@/components/ui/button";
import { CodeEditor } from "@/components/ui/code-editor";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { createPluginSchema, updatePluginSchema } from "@/lib/plugins/schema";

type PluginFormProps = {
  /** Edit this plugin; without one the form adds a plugin. */
  plugin?: PluginObject;
  onSaved: (saved: PluginObject) => void;
  onCancel: () => void;
};

// Big enough for real specs, small enough to stay under the server action's 1 MB body.
const MAX_UPLOAD_BYTES = 900 * 1024;

/**
 * Adds or edits a plugin: its id (fixed once made), name, the OpenAPI document pasted or read from a
 * file in the browser, an optional server URL, and how calls authenticate. A stored secret shows as
 * its mask, which sent back keeps it.
 */
export function PluginForm({ plugin, onSaved, onCancel }: PluginFormProps) {
  const router = useRouter();
  const prefix = useId();
  const initial = plugin ? pluginFormValues(plugin) : EMPTY_PLUGIN_FORM;
  const [uploadError, setUploadError] = useState<string | null>(null);
  const { form, onSubmit, formError, errorOf } = useRequestForm({
    defaultValues: initial,
    toRequest: (values: PluginFormValues) => (plugin ? updatePluginRequest(values, initial) : createPluginRequest(values)),
    // The action takes `unknown` (it parses again); the two schemas differ only in what they accept.
    schema: (plugin ? updatePluginSchema : createPluginSchema) as z.ZodType<unknown>,
    fieldOf: pluginFieldOf,
    action: (request) => (plugin ? editPlugin({ id: plugin.id, values: request }) : addPlugin(request)),
    onSuccess: (saved) => {
      onSaved(saved);
      router.refresh();
    },
  });
  const authType = form.watch("auth_type");
  const scheme = form.watch("auth_scheme");
  const submitting = form.formState.isSubmitting;
  const documentLabelId = `${prefix}-openapi-label`;
  const documentHintId = `${prefix}-openapi-hint`;
  const documentError = errorOf("openapi");

  async function upload(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setUploadError(`${file.name} is ${Math.ceil(file.size / 1024)} KB; documents up to ${MAX_UPLOAD_BYTES / 1024} KB can be saved here (split a bigger API into several plugins).`);
      return;
    }
    setUploadError(null);
    form.setValue("openapi", await file.text(), { shouldDirty: true, shouldValidate: true });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${prefix}-id`} label="Id" rule="1-64 characters of a-z, 0-9, _ and -." hint={plugin ? "Fixed: assistants reference it." : "Assistants use it as the tool's type."} error={errorOf("id")}>
          {(aria) => <Input {...aria} {...form.register("id")} readOnly={Boolean(plugin)} autoComplete="off" spellCheck={false} placeholder="weather" className="font-mono" />}
        </Field>
        <Field id={`${prefix}-name`} label="Name" error={errorOf("name")}>
          {(aria) => <Input {...aria} {...form.register("name")} autoComplete="off" placeholder="Weather" />}
        </Field>
      </div>
      <Field id={`${prefix}-description`} label="Description" hint="For people choosing a plugin; the model reads each operation's own description." error={errorOf("description")}>
        {(aria) => <Input {...aria} {...form.register("description")} autoComplete="off" />}
      </Field>
      <div className="flex flex-col gap-1.5">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span id={documentLabelId} className="text-sm font-medium">
            OpenAPI document
          </span>
          <label className="cursor-pointer rounded-sm text-sm font-medium text-primary underline-offset-4 focus-within:outline-2 focus-within:outline-ring hover:underline">
            Upload file
            <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml" className="sr-only" onChange={upload} />
          </label>
        </div>
        <Controller
          control={form.control}
          name="openapi"
          render={({ field }) => (
            <CodeEditor
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              labelledBy={documentLabelId}
              describedBy={documentHintId}
              invalid={Boolean(documentError)}
              placeholder="openapi: 3.1.0 …"
              // Room to paste into when empty; long documents scroll inside the editor.
              className="[&_.cm-editor]:min-h-48 [&_.cm-scroller]:max-h-96"
            />
          )}
        />
        {documentError || uploadError ? <p className="text-[0.8125rem] text-destructive">{documentError ?? uploadError}</p> : null}
        <p id={documentHintId} className="text-[0.8125rem] text-muted-foreground">
          OpenAPI 3.0 or 3.1, YAML or JSON. References must be inside the document (#/…): nothing is fetched. Each operation becomes a function.
        </p>
      </div>
      <Field
        id={`${prefix}-server-url`}
        label="Server URL"
        hint="Operations' paths are appended to it. Empty: the document's first server."
        error={errorOf("server_url")}
      >
        {(aria) => <Input {...aria} {...form.register("server_url")} type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="the document's first server" />}
      </Field>
      <Field id={`${prefix}-auth`} label="Authentication" error={errorOf("auth_type")}>
        {(aria) => (
          <Select {...aria} {...form.register("auth_type")}>
            <option value="none">None</option>
            <option value="service">Service: Atelier sends one secret with every call</option>
            <option value="user">User: each assistant gives its own token</option>
          </Select>
        )}
      </Field>
      {authType === "service" ? <ServiceAuthFields register={form.register} prefix={prefix} errorOf={errorOf} scheme={scheme} stored={Boolean(plugin && plugin.auth.type === "service")} /> : null}
      {authType === "user" ? (
        <p className="text-[0.8125rem] text-muted-foreground">Each assistant using this plugin sets its token, sent as a bearer token with its calls.</p>
      ) : null}
      <Field id={`${prefix}-approval`} label="Require approval" hint="Always: a run stops for someone to approve each call of an operation before it is made." error={errorOf("require_approval")}>
        {(aria) => (
          <Select {...aria} {...form.register("require_approval")}>
            <option value="never">Never</option>
            <option value="always">Always</option>
            {form.formState.defaultValues?.require_approval === "custom" ? <option value="custom">Per operation (as set through the API)</option> : null}
          </Select>
        )}
      </Field>
      <DialogActions busy={submitting} onCancel={onCancel}>
        <Button type="submit" disabled={submitting}>
          {submitting ? "Saving…" : plugin ? "Save plugin" : "Add plugin"}
        </Button>
      </DialogActions>
    </form>
  );
}

type ServiceAuthFieldsProps = {
  register: UseFormRegister<PluginFormValues>;
  prefix: string;
  errorOf: (name: keyof PluginFormValues) => string | undefined;
  scheme: PluginFormValues["auth_scheme"];
  /** A secret is stored: the field holds its mask. */
  stored: boolean;
};

const KEEP_HINT = "The stored value shows masked; leave it to keep it, or type a new one.";

function ServiceAuthFields({ register, prefix, errorOf, scheme, stored }: ServiceAuthFieldsProps) {
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border p-4">
      <legend className="px-1 text-sm font-medium">Service secret</legend>
      <Field id={`${prefix}-scheme`} label="Sent as">
        {(aria) => (
          <Select {...aria} {...register("auth_scheme")}>
            <option value="bearer">Authorization: Bearer token</option>
            <option value="header">A header of its own</option>
          </Select>
        )}
      </Field>
      {scheme === "bearer" ? (
        <Field id={`${prefix}-bearer`} label="Bearer token" hint={stored ? KEEP_HINT : "Stored encrypted; only its last four characters are shown again."} error={errorOf("bearer_token")}>
          {(aria) => <Input {...aria} {...register("bearer_token")} type="password" autoComplete="new-password" spellCheck={false} />}
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${prefix}-header-name`} label="Header name" error={errorOf("header_name")}>
            {(aria) => <Input {...aria} {...register("header_name")} autoComplete="off" spellCheck={false} placeholder="X-Api-Key" className="font-mono" />}
          </Field>
          <Field id={`${prefix}-header-value`} label="Header value" hint={stored ? KEEP_HINT : "Stored encrypted."} error={errorOf("header_value")}>
            {(aria) => <Input {...aria} {...register("header_value")} type="password" autoComplete="new-password" spellCheck={false} />}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
