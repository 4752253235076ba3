"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useModelOptions } from "@/components/models/use-model-options";
import { cn } from "@/components/ui/cn";
import { filterModelOptions } from "@/lib/providers/model-options";

// A model id field that suggests every configured provider's models, each with its provider beside
// it: the ARIA editable combobox with a list popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
// Any id can still be typed. ↓/↑ open the list and move through it, Enter or a click picks, Escape
// closes; typing filters it. A native <datalist> would be simpler but cannot show the provider in
// every browser, and its popup is invisible to the accessibility tree in some.

type ModelInputProps = Omit<React.ComponentProps<"input">, "value" | "role"> & {
  value: string;
  /** A suggestion was picked: set the field to it (typing goes through `onChange` as usual). */
  onPick: (model: string) => void;
  /** Ids to suggest even when no provider lists them (the workspace's models in use). */
  inUse?: readonly string[];
};

export function ModelInput({ value, onPick, inUse, className, onKeyDown, onBlur, onChange, onClick, disabled, readOnly, ...props }: ModelInputProps) {
  const listId = `${useId()}-models`;
  const { options, loading, failed } = useModelOptions(inUse);
  const [open, setOpen] = useState(false);
  // What was typed since the list opened: null shows every model (opened with ↓ or a click).
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const matches = filterModelOptions(options, query ?? "");
  // Nothing to offer once what was typed is the one match (the list would only hide what is below).
  const typedTheOnlyMatch = query !== null && matches.length === 1 && matches[0]!.id === value;
  const shown = open && !disabled && !readOnly && !typedTheOnlyMatch;
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (!shown || active < 0) return;
    listRef.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionId only depends on listId
  }, [shown, active]);

  function show(withQuery: string | null) {
    setOpen(true);
    setQuery(withQuery);
    setActive(-1);
  }

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function pick(model: string) {
    onPick(model);
    close();
  }

  function handleKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    const last = matches.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!shown) show(null);
        else if (!event.altKey) setActive((index) => (index >= last ? 0 : index + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!shown) show(null);
        else setActive((index) => (index <= 0 ? last : index - 1));
        break;
      case "Enter":
        // Picks the highlighted model; with none highlighted, Enter keeps its usual meaning (submit).
        if (shown && active >= 0 && matches[active]) {
          event.preventDefault();
          pick(matches[active].id);
        }
        break;
      case "Escape":
        if (shown) {
          // Only closes the list: not the dialog or panel the field is in.
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
      case "Tab":
        close();
        break;
    }
  }

  const status = loading ? "Listing the providers' models…" : failed ? "The providers' models could not be listed; type any model id." : null;

  return (
    <div className="relative">
      <input
        {...props}
        value={value}
        disabled={disabled}
        readOnly={readOnly}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        className={className}
        onChange={(event) => {
          onChange?.(event);
          show(event.target.value);
        }}
        onClick={(event) => {
          onClick?.(event);
          if (!shown) show(null);
        }}
        onKeyDown={handleKeyDown}
        onBlur={(event) => {
          onBlur?.(event);
          close();
        }}
      />
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label="Model suggestions"
        hidden={!shown || (matches.length === 0 && !status)}
        className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-y-auto rounded-md border bg-card p-1 text-sm text-card-foreground shadow-md"
      >
        {matches.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            // Keeps focus in the input (a mousedown would blur it and close the list before the click).
            onMouseDown={(event) => event.preventDefault()}
            onClick={(event) => {
              // Inside a <label>, the click would otherwise go on to the input and open the list again.
              event.preventDefault();
              pick(option.id);
            }}
            onMouseMove={() => setActive(index)}
            className={cn("flex cursor-default items-baseline justify-between gap-3 rounded-sm px-2 py-1.5", index === active && "bg-accent text-accent-foreground")}
          >
            <span className="min-w-0 truncate font-mono text-[0.8125rem]">{option.id}</span>
            <span className="shrink-0 text-xs text-muted-foreground">{option.provider ?? "in use"}</span>
          </li>
        ))}
        {matches.length === 0 && status ? (
          <li role="presentation" className="px-2 py-1.5 text-xs text-muted-foreground">
            {status}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
