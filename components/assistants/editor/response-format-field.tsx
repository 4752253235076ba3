"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { errorAt, useShownErrors } from "@/components/assistants/editor/form-errors";
import { ResponseSchemaBuilder } from "@/components/schema-builder/definition-builders";
import { inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import type { ResponseFormat } from "@/lib/assistants/schema";

type Kind = "auto" | "text" | "json_object" | "json_schema";

const kindOf = (format: ResponseFormat): Kind => (format === "auto" ? "auto" : format.type);

const DEFAULTS: Record<Kind, ResponseFormat> = {
  auto: "auto",
  text: { type: "text" },
  json_object: { type: "json_object" },
  json_schema: { type: "json_schema", json_schema: { name: "response", strict: true, schema: { type: "object", properties: {}, required: [], additionalProperties: false } } },
};

/** auto / text / JSON object / JSON schema; a JSON schema is edited with the schema builder. */
export function ResponseFormatField({ readOnly }: { readOnly?: boolean }) {
  const { control, setValue } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const format = useWatch({ control, name: "response_format" });
  const kind = kindOf(format);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1.5">
        <label htmlFor="assistant-response-format" className="text-sm font-medium">
          Response format
        </label>
        <select
          id="assistant-response-format"
          className={inputClasses}
          value={kind}
          onChange={(event) => setValue("response_format", structuredClone(DEFAULTS[event.target.value as Kind]), { shouldDirty: true, shouldValidate: true })}
        >
          <option value="auto">Auto (the model decides)</option>
          <option value="text">Text</option>
          <option value="json_object">JSON object</option>
          <option value="json_schema">JSON schema</option>
        </select>
        {errorAt(errors, "response_format") ? <p className="text-[0.8125rem] text-destructive">{errorAt(errors, "response_format")}</p> : null}
      </div>
      {kind === "json_schema" ? <ResponseSchemaBuilder readOnly={readOnly} /> : null}
    </div>
  );
}
