"use client";

import { Controller, useFormContext, useWatch } from "react-hook-form";
import { errorAt, errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { MockOutputField } from "@/components/schema-builder/mock-output-field";
import { SchemaEditor } from "@/components/schema-builder/schema-builder";
import { cn } from "@/components/ui/cn";
import { inlineSelectClasses, inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import { RESPONSE_TEMPLATES } from "@/lib/schema-builder/templates";

// The builder bound to the assistant form, in its two places: a function tool (name, description,
// strict, parameters, mock output) and a response_format json_schema (name, description, strict,
// schema). Same component, same checks; only the paths differ.

type Path = Parameters<ReturnType<typeof useFormContext<AssistantFormValues>>["register"]>[0];

/**
 * Name, description and strict. Controlled, not registered: a registered input would write its
 * DOM default ("" or false) into a definition that left the field out, and an imported tool would
 * not come back from the API as it was pasted.
 */
function DefinitionFields({ base, nameLabel, nameHint, descriptionLabel }: { base: string; nameLabel: string; nameHint: string; descriptionLabel: string }) {
  const { control, register } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const id = `field-${base.replaceAll(".", "-")}`;
  const nameError = errorAt(errors, `${base}.name`);
  const descriptionError = errorAt(errors, `${base}.description`);
  return (
    <div className="grid gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-name`} className="text-sm font-medium">
            {nameLabel}
          </label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={Boolean(nameError)}
            aria-describedby={`${id}-name-hint`}
            className={cn(inputClasses, "font-mono")}
            {...register(`${base}.name` as Path)}
          />
          {nameError ? <p className="text-[0.8125rem] text-destructive">{nameError}</p> : null}
          <p id={`${id}-name-hint`} className="text-[0.8125rem] text-muted-foreground">
            {nameHint}
          </p>
        </div>
        <Controller
          control={control}
          name={`${base}.description` as Path}
          render={({ field }) => (
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-description`} className="text-sm font-medium">
                {descriptionLabel}
              </label>
              <textarea
                id={`${id}-description`}
                rows={2}
                aria-invalid={Boolean(descriptionError)}
                className={cn(inputClasses, "h-auto py-2")}
                value={(field.value as string | undefined) ?? ""}
                onChange={(event) => field.onChange(event.target.value === "" ? undefined : event.target.value)}
                onBlur={field.onBlur}
              />
              {descriptionError ? <p className="text-[0.8125rem] text-destructive">{descriptionError}</p> : null}
            </div>
          )}
        />
      </div>
      <Controller
        control={control}
        name={`${base}.strict` as Path}
        render={({ field }) => (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={field.value === true} onChange={(event) => field.onChange(event.target.checked)} onBlur={field.onBlur} />
            <span>
              Strict mode
              <span className="block text-[0.8125rem] text-muted-foreground">
                The model must follow the schema exactly (OpenAI Structured Outputs). Only a subset of JSON Schema is allowed; problems are listed below.
              </span>
            </span>
          </label>
        )}
      />
    </div>
  );
}

export function FunctionToolBuilder({ index, readOnly }: { index: number; readOnly?: boolean }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const base = `tools.${index}.function`;
  const strict = useWatch({ control, name: `${base}.strict` as Path }) === true;
  const name = useWatch({ control, name: `${base}.name` as Path }) as string | undefined;
  return (
    <div className="flex flex-col gap-4">
      <DefinitionFields base={base} nameLabel="Function name" nameHint="Letters, digits, _ and -, up to 64; unique in this assistant." descriptionLabel="Description (tells the model when to call it)" />
      <Controller
        control={control}
        name={`${base}.parameters` as Path}
        render={({ field }) => (
          <SchemaEditor
            target="function"
            strict={strict}
            schema={field.value as never}
            onChange={field.onChange}
            fieldRef={field.ref}
            paramPrefix={`tools[${index}].function.parameters`}
            serverError={errorAtOrBelow(errors, `${base}.parameters`)}
            readOnly={readOnly}
            tryItExtra={
              <Controller
                control={control}
                name={`tools.${index}.mock_output` as Path}
                render={({ field: mock }) => (
                  <MockOutputField
                    id={`tool-${index}-mock`}
                    functionName={name ?? ""}
                    value={mock.value as never}
                    onChange={mock.onChange}
                    error={errorAtOrBelow(errors, `tools.${index}.mock_output`)}
                    readOnly={readOnly}
                  />
                )}
              />
            }
          />
        )}
      />
    </div>
  );
}

export function ResponseSchemaBuilder({ readOnly }: { readOnly?: boolean }) {
  const { control, setValue } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const base = "response_format.json_schema";
  const strict = useWatch({ control, name: `${base}.strict` as Path }) === true;
  return (
    <div className="flex flex-col gap-4">
      {readOnly ? null : (
        <select
          aria-label="Start from a response template"
          value=""
          className={cn(inlineSelectClasses, "self-start")}
          onChange={(event) => {
            const template = RESPONSE_TEMPLATES.find((candidate) => candidate.id === event.target.value);
            if (template) setValue("response_format", { type: "json_schema", json_schema: structuredClone(template.format) }, { shouldDirty: true, shouldValidate: true });
          }}
        >
          <option value="">Start from a template…</option>
          {RESPONSE_TEMPLATES.map((template) => (
            <option key={template.id} value={template.id}>
              {template.label}: {template.summary}
            </option>
          ))}
        </select>
      )}
      <DefinitionFields base={base} nameLabel="Schema name" nameHint="Letters, digits, _ and -, up to 64." descriptionLabel="Description (what the response is for)" />
      <Controller
        control={control}
        name={`${base}.schema` as Path}
        render={({ field }) => (
          <SchemaEditor
            target="response_format"
            strict={strict}
            schema={field.value as never}
            onChange={field.onChange}
            fieldRef={field.ref}
            paramPrefix="response_format.json_schema.schema"
            serverError={errorAtOrBelow(errors, `${base}.schema`)}
            readOnly={readOnly}
          />
        )}
      />
    </div>
  );
}
