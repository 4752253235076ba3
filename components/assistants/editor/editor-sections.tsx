"use client";

import { Controller, useFormContext, useWatch } from "react-hook-form";
import { useShownErrors } from "@/components/assistants/editor/form-errors";
import { CountedField } from "@/components/assistants/editor/counted-field";
import { MetadataEditor } from "@/components/assistants/editor/metadata-editor";
import { ResourcePicker } from "@/components/assistants/editor/resource-picker";
import { ResponseFormatField } from "@/components/assistants/editor/response-format-field";
import { sectionElementId } from "@/components/assistants/editor/section-index";
import { SamplingField } from "@/components/assistants/editor/sampling-field";
import { ToolsEditor } from "@/components/assistants/editor/tools-editor";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CodeEditor } from "@/components/ui/code-editor";
import { inputClasses } from "@/components/ui/input";
import { REASONING_EFFORTS, type AssistantFormValues } from "@/lib/assistants/form";
import { LIMITS } from "@/lib/assistants/schema";
import type { CodeSandboxStatus } from "@/lib/code/status";
import type { ToolRegistry } from "@/lib/assistants/tool-registry";

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <Card id={sectionElementId(id)} aria-labelledby={`${id}-heading`}>
      <CardHeader>
        <CardTitle id={`${id}-heading`}>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">{children}</CardContent>
    </Card>
  );
}

function InstructionsField({ readOnly }: { readOnly: boolean }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const text = useWatch<AssistantFormValues, "instructions">({ name: "instructions" }) ?? "";
  const error = errors.instructions?.message;
  const over = text.length > LIMITS.instructions;
  // About four characters a token for English text: an estimate, not a tokenizer.
  const tokens = Math.ceil(text.length / 4);
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span id="assistant-instructions-label" className="text-sm font-medium">
          Instructions
        </span>
        <span id="assistant-instructions-count" className={cn("text-xs tabular-nums", over ? "font-medium text-destructive" : "text-muted-foreground")}>
          {text.length.toLocaleString("en")} / {LIMITS.instructions.toLocaleString("en")} characters · ≈ {tokens.toLocaleString("en")} tokens ·{" "}
          {text.split("\n").length} lines
        </span>
      </div>
      <Controller
        control={control}
        name="instructions"
        render={({ field }) => (
          <CodeEditor
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            labelledBy="assistant-instructions-label"
            describedBy="assistant-instructions-count"
            invalid={Boolean(error)}
            readOnly={readOnly}
            placeholder="You are a helpful assistant that…"
            className="[&_.cm-editor]:min-h-64 [&_.cm-scroller]:max-h-[32rem]"
          />
        )}
      />
      {error ? <p className="text-[0.8125rem] text-destructive">{String(error)}</p> : null}
    </div>
  );
}

export function EditorSections({ readOnly, modelsInUse, codeSandbox, toolRegistry }: { readOnly: boolean; modelsInUse: string[]; codeSandbox?: CodeSandboxStatus; toolRegistry: ToolRegistry }) {
  const { register } = useFormContext<AssistantFormValues>();
  const temperature = useWatch<AssistantFormValues, "temperature">({ name: "temperature" });
  const topP = useWatch<AssistantFormValues, "top_p">({ name: "top_p" });
  return (
    <>
      <Section id="basics" title="Basics">
        <CountedField name="name" label="Name" max={LIMITS.name} placeholder="Support triage" />
        <CountedField name="description" label="Description" max={LIMITS.description} multiline />
        <CountedField
          name="model"
          label="Model"
          max={LIMITS.model}
          modelsInUse={modelsInUse}
          hint="Pick one of the providers' models (↓ lists them) or type any model id (provider/model works too)."
        />
        <InstructionsField readOnly={readOnly} />
      </Section>

      <Section id="sampling" title="Sampling" description="Leave a setting empty to use the provider's default.">
        {temperature !== null && topP !== null ? (
          <p role="note" className="rounded-md bg-muted px-3 py-2 text-sm">
            Change temperature or top_p, not both: together they are hard to reason about.
          </p>
        ) : null}
        <div className="grid gap-5 md:grid-cols-2">
          <SamplingField name="temperature" label="Temperature" hint="0–2. Higher is more varied." range={{ min: 0, max: 2, step: 0.01 }} />
          <SamplingField name="top_p" label="Top p" hint="0–1. Nucleus sampling." range={{ min: 0, max: 1, step: 0.01 }} />
          <SamplingField name="top_k" label="Top k" hint="Model Studio: sample from the k likeliest tokens." integer />
          <SamplingField name="max_tokens" label="Max tokens" hint="Model Studio: cap on the reply's length." integer />
        </div>
        <div className="flex flex-col gap-1.5 md:w-1/2">
          <label htmlFor="assistant-reasoning-effort" className="text-sm font-medium">
            Reasoning effort
          </label>
          <select id="assistant-reasoning-effort" className={inputClasses} {...register("reasoning_effort")}>
            <option value="">Provider default</option>
            {REASONING_EFFORTS.map((effort) => (
              <option key={effort} value={effort}>
                {effort}
              </option>
            ))}
          </select>
        </div>
      </Section>

      <Section id="response-format" title="Response format">
        <ResponseFormatField readOnly={readOnly} />
      </Section>

      <Section id="tools" title="Tools" description={`Up to ${LIMITS.tools}. Function names must be unique.`}>
        <ToolsEditor readOnly={readOnly} codeSandbox={codeSandbox} registry={toolRegistry} />
        <div className="grid gap-4 md:grid-cols-2">
          <ResourcePicker name="tool_resources.file_search.vector_store_ids" kind="vector_store" label="File search vector store" max={LIMITS.vectorStores} hint="What the file_search tool searches, beside the thread's own files." />
          <ResourcePicker name="tool_resources.code_interpreter.file_ids" kind="file" label="Code interpreter files" max={LIMITS.codeInterpreterFiles} hint="Files the code_interpreter tool can read." />
        </div>
      </Section>

      <Section id="metadata" title="Metadata" description="Your own labels, returned with the assistant and usable in filters.">
        <MetadataEditor />
      </Section>

      <Section id="extensions" title="Extensions" description="Fields from Project David, kept and returned by the API.">
        <div className="grid gap-4 md:grid-cols-2">
          <CountedField name="user_id" label="User id" max={256} />
          <CountedField name="webhook_url" label="Webhook URL" placeholder="https://…" hint="https only." type="url" />
        </div>
      </Section>
    </>
  );
}
