"use client";

import { useState } from "react";
import { useController, useFormContext } from "react-hook-form";
import { errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { usePickerFiles, usePickerStores, useResourceNames, fileOption, storeOption } from "@/components/files/use-picker-data";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Combobox, type ComboboxOption } from "@/components/ui/combobox";
import type { AssistantFormValues } from "@/lib/assistants/form";

// tool_resources as people think of them: the workspace's files and vector stores picked by name,
// each chosen one shown by name with its id beside it, the limit counted (1 vector store, 20 files)
// and the search disabled once it is reached. An id that is not in the workspace (deleted since,
// or imported) stays visible, marked, and saving names it (lib/assistants/tool-resources.ts).

type PickerPath = "tool_resources.code_interpreter.file_ids" | "tool_resources.file_search.vector_store_ids";
type Kind = "file" | "vector_store";

const UNITS: Record<Kind, [string, string]> = { file: ["file", "files"], vector_store: ["vector store", "vector stores"] };

type Props = { name: PickerPath; kind: Kind; label: string; max: number; hint?: string };

export function ResourcePicker({ name, kind, label, max, hint }: Props) {
  const { control } = useFormContext<AssistantFormValues>();
  const { field } = useController({ control, name });
  const chosen = (field.value ?? []) as string[];
  const error = errorAtOrBelow(useShownErrors(), name);
  const inputId = `picker-${name.replaceAll(".", "-")}`;
  const [query, setQuery] = useState("");
  // The workspace is searched once someone goes to pick, not for every editor opened.
  const [wanted, setWanted] = useState(false);
  // What was picked here, named before the lookup answers.
  const [picked, setPicked] = useState<ReadonlyMap<string, ComboboxOption>>(new Map());
  const files = usePickerFiles(query, wanted && kind === "file");
  const stores = usePickerStores(query, wanted && kind === "vector_store");
  const search = kind === "file" ? files : stores;
  const names = useResourceNames(kind === "file" ? chosen : [], kind === "vector_store" ? chosen : []);
  const [singular, plural] = UNITS[kind];
  const full = chosen.length >= max;
  const over = chosen.length > max;

  const known = (id: string): ComboboxOption | null => {
    const file = names.files.get(id);
    if (file) return fileOption(file);
    const store = names.stores.get(id);
    if (store) return storeOption(store);
    return picked.get(id) ?? null;
  };

  const choose = (option: ComboboxOption) => {
    if (chosen.includes(option.id) || full) return;
    setPicked((before) => new Map(before).set(option.id, option));
    field.onChange([...chosen, option.id]);
    // Picking is a change the person made: its errors show at once (lib/assistants/shown-errors.ts).
    field.onBlur();
  };

  return (
    <div className="flex min-w-0 flex-col gap-1.5" onFocus={() => setWanted(true)}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={inputId} className="text-sm font-medium">
          {label}
        </label>
        <span id={`${inputId}-count`} className={cn("text-xs tabular-nums", over ? "font-medium text-destructive" : "text-muted-foreground")}>
          {chosen.length} of {max} {max === 1 ? singular : plural}
        </span>
      </div>
      {chosen.length ? (
        <ul aria-label={`Chosen ${plural}`} className="flex flex-col gap-1">
          {chosen.map((id, index) => {
            const option = known(id);
            const missing = names.settled && !names.files.has(id) && !names.stores.has(id);
            return (
              <li key={id} className="flex min-w-0 items-center gap-2 rounded-md border px-2 py-1 text-sm">
                <span className="min-w-0 flex-1 truncate">
                  <span className={cn("font-medium", !option && "font-mono text-xs")}>{option?.label ?? id}</span>
                  {option ? <span className="ml-2 font-mono text-[0.6875rem] text-muted-foreground">{option.detail}</span> : null}
                </span>
                {missing ? <Badge variant="destructive">Not in this workspace</Badge> : null}
                <button
                  type="button"
                  aria-label={`Remove ${option?.label ?? id}`}
                  className="rounded px-1 text-muted-foreground hover:bg-accent hover:text-foreground"
                  onClick={() => {
                    field.onChange(chosen.filter((_, at) => at !== index));
                    field.onBlur();
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <Combobox
        id={inputId}
        listLabel={`Matching ${plural}`}
        query={query}
        onQueryChange={setQuery}
        options={search.options.filter((option) => !chosen.includes(option.id))}
        status={search.status ?? (search.options.length ? `Every match is chosen already.` : null)}
        onPick={choose}
        disabled={full}
        placeholder={full ? `Limit reached: remove one to choose another ${singular}` : `Search ${plural} by name`}
        describedBy={`${inputId}-count`}
        invalid={Boolean(error)}
      />
      {error ? <p className="text-[0.8125rem] text-destructive">{error}</p> : null}
      {hint ? <p className="text-[0.8125rem] text-muted-foreground">{hint}</p> : null}
    </div>
  );
}
