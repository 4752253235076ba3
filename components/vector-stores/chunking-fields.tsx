"use client";

import { useId } from "react";
import type { ChunkingFormValues } from "@/lib/vector-stores/form";
import { AUTO_CHUNKING, CHUNKING_LIMITS } from "@/lib/vector-stores/chunking";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// How files added to a store are cut into chunks: auto (800-token chunks overlapping by 400) or
// static sizes. Controlled: the create form holds it in react-hook-form, the add-files panel in state.

type Errors = { max_chunk_size_tokens?: string; chunk_overlap_tokens?: string };

type Props = { value: ChunkingFormValues; onChange: (value: ChunkingFormValues) => void; errors?: Errors; legend?: string };

export function ChunkingFields({ value, onChange, errors = {}, legend = "Chunking" }: Props) {
  const id = useId();
  const setStatic = (change: Partial<ChunkingFormValues["static"]>) => onChange({ ...value, static: { ...value.static, ...change } });
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-type`} checked={value.type === "auto"} onChange={() => onChange({ ...value, type: "auto" })} />
          Auto ({AUTO_CHUNKING.max_chunk_size_tokens}-token chunks, {AUTO_CHUNKING.chunk_overlap_tokens} overlapping)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-type`} checked={value.type === "static"} onChange={() => onChange({ ...value, type: "static" })} />
          Static
        </label>
      </div>
      {value.type === "static" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${id}-max`} label="Max chunk size (tokens)" rule={`${CHUNKING_LIMITS.minChunkTokens} to ${CHUNKING_LIMITS.maxChunkTokens}.`} error={errors.max_chunk_size_tokens}>
            {(aria) => <Input {...aria} inputMode="numeric" value={value.static.max_chunk_size_tokens} onChange={(event) => setStatic({ max_chunk_size_tokens: event.target.value })} />}
          </Field>
          <Field id={`${id}-overlap`} label="Chunk overlap (tokens)" rule="At most half the chunk size." error={errors.chunk_overlap_tokens}>
            {(aria) => <Input {...aria} inputMode="numeric" value={value.static.chunk_overlap_tokens} onChange={(event) => setStatic({ chunk_overlap_tokens: event.target.value })} />}
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
