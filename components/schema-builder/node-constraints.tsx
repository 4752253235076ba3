"use client";

import { EnumValues, JsonKeyword, NumberKeyword, TextKeyword } from "@/components/schema-builder/keyword-inputs";
import { compactInputClasses } from "@/components/ui/input";
import { OPENAI_FORMATS } from "@/lib/schema-builder/portability";
import type { TreeNode } from "@/lib/schema-builder/tree";
import { refTargets, setEnumValues, setKeyword, setRefTarget } from "@/lib/schema-builder/tree-ops";
import type { JsonSchema } from "@/lib/schema-builder/types";

type NodeConstraintsProps = {
  id: string;
  node: TreeNode;
  schema: JsonSchema;
  strict: boolean;
  readOnly?: boolean;
  apply: (edit: (schema: JsonSchema) => JsonSchema) => void;
};

/** The keywords the node's type allows (JSON Schema validation vocabulary), one input each. */
export function NodeConstraints({ id, node, schema, strict, readOnly, apply }: NodeConstraintsProps) {
  const set = (keyword: string) => (value: unknown) => apply((s) => setKeyword(s, node.path, keyword, value));
  const field = (name: string) => `${id}-${name}`;
  const c = node.constraints;
  const enumValues = Array.isArray(c.enum) ? c.enum : [];
  const stringEnum = enumValues.every((value) => typeof value === "string" || value === null);
  const targets = node.kind === "ref" ? refTargets(schema, node.path) : [];
  const number = (keyword: string, label: string, integer = false) => (
    <NumberKeyword id={field(keyword)} label={label} integer={integer} value={c[keyword] as number | undefined} onChange={set(keyword)} disabled={readOnly} />
  );
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {node.kind === "string" ? (
        <>
          {number("minLength", "Min length", true)}
          {number("maxLength", "Max length", true)}
          <TextKeyword id={field("pattern")} label="Pattern (regular expression)" value={c.pattern as string | undefined} onChange={set("pattern")} disabled={readOnly} />
          <TextKeyword id={field("format")} label="Format" list={`${id}-formats`} placeholder="e.g. date-time" value={c.format as string | undefined} onChange={set("format")} disabled={readOnly} />
          <datalist id={`${id}-formats`}>
            {OPENAI_FORMATS.map((format) => (
              <option key={format} value={format} />
            ))}
          </datalist>
        </>
      ) : null}
      {node.kind === "number" || node.kind === "integer" ? (
        <>
          {number("minimum", "Minimum")}
          {number("maximum", "Maximum")}
          {number("exclusiveMinimum", "Exclusive minimum")}
          {number("exclusiveMaximum", "Exclusive maximum")}
          {number("multipleOf", "Multiple of")}
        </>
      ) : null}
      {node.kind === "array" ? (
        <>
          {number("minItems", "Min items", true)}
          {number("maxItems", "Max items", true)}
        </>
      ) : null}
      {node.kind === "enum" && stringEnum ? (
        <EnumValues
          id={field("enum")}
          values={enumValues.filter((value): value is string => typeof value === "string")}
          onChange={(values) => apply((s) => setEnumValues(s, node.path, values))}
          disabled={readOnly}
        />
      ) : null}
      {node.kind === "enum" && !stringEnum ? <JsonKeyword id={field("enum")} label="Allowed values (JSON array)" value={c.enum} onChange={set("enum")} disabled={readOnly} /> : null}
      {node.kind === "ref" ? (
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor={field("ref")} className="text-xs font-medium">
            Refers to
          </label>
          <select
            id={field("ref")}
            value={String(c.$ref ?? "")}
            disabled={readOnly}
            className={compactInputClasses}
            onChange={(event) => apply((s) => setRefTarget(s, node.path, event.target.value))}
          >
            {targets.includes(String(c.$ref)) ? null : <option value={String(c.$ref ?? "")}>{String(c.$ref ?? "(none)")}</option>}
            {targets.map((target) => (
              <option key={target} value={target}>
                {target.split("/").pop()}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {node.kind === "object" && !strict ? (
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input
            type="checkbox"
            className="size-4 accent-primary"
            checked={c.additionalProperties !== false}
            disabled={readOnly}
            onChange={(event) => set("additionalProperties")(event.target.checked ? undefined : false)}
          />
          Allow keys that are not listed
        </label>
      ) : null}
      {!strict && node.role !== "root" ? (
        <JsonKeyword id={field("default")} label="Default (JSON)" value={c.default} onChange={set("default")} disabled={readOnly} hint="Strict mode does not allow defaults." />
      ) : null}
    </div>
  );
}
