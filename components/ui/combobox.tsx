"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";

// A search box that offers things to pick (files, vector stores): the ARIA editable combobox with
// a list popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Typing asks the caller for
// matches (`onQueryChange`); ↓/↑ open the list and move through it, Enter or a click picks, Escape
// closes. What is typed is only a search: nothing but a picked option is ever the value.

export type ComboboxOption = { id: string; label: string; detail?: string };

type ComboboxProps = {
  id?: string;
  /** The accessible name when no <label htmlFor> names the input. */
  ariaLabel?: string;
  /** Names the list of options for assistive technology. */
  listLabel: string;
  query: string;
  onQueryChange: (query: string) => void;
  options: readonly ComboboxOption[];
  /** Said in the list when there is nothing to pick: "Searching…", "No files match", an error. */
  status?: string | null;
  onPick: (option: ComboboxOption) => void;
  placeholder?: string;
  disabled?: boolean;
  describedBy?: string;
  invalid?: boolean;
  className?: string;
};

export function Combobox({ id, ariaLabel, listLabel, query, onQueryChange, options, status, onPick, placeholder, disabled, describedBy, invalid, className }: ComboboxProps) {
  const listId = `${useId()}-options`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const shown = open && !disabled;
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (!shown || active < 0) return;
    listRef.current?.querySelector(`[id="${CSS.escape(`${listId}-${active}`)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [shown, active, listId]);

  function pick(option: ComboboxOption) {
    onPick(option);
    onQueryChange("");
    setActive(-1);
  }

  function handleKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const last = options.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!shown) setOpen(true);
        else setActive((index) => (index >= last ? 0 : index + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!shown) setOpen(true);
        else setActive((index) => (index <= 0 ? last : index - 1));
        break;
      case "Enter":
        // Enter never submits the form around it from here: the typed text is only a search.
        event.preventDefault();
        if (shown && active >= 0 && options[active]) pick(options[active]);
        break;
      case "Escape":
        if (shown) {
          // Only closes the list: not the dialog or popover the field is in.
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
        }
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  }

  return (
    <div className={cn("relative", className)}>
      <input
        id={id}
        type="text"
        value={query}
        disabled={disabled}
        placeholder={placeholder}
        role="combobox"
        aria-label={ariaLabel}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        autoComplete="off"
        spellCheck={false}
        className={inputClasses}
        onChange={(event) => {
          onQueryChange(event.target.value);
          // New matches are coming: the highlight starts again from none.
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onKeyDown={handleKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={listLabel}
        hidden={!shown || (options.length === 0 && !status)}
        className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-y-auto rounded-md border bg-card p-1 text-sm text-card-foreground shadow-md"
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            // Keeps focus in the input (a mousedown would blur it and close the list before the click).
            onMouseDown={(event) => event.preventDefault()}
            onClick={(event) => {
              event.preventDefault();
              pick(option);
            }}
            onMouseMove={() => setActive(index)}
            className={cn("flex cursor-default items-baseline justify-between gap-3 rounded-sm px-2 py-1.5", index === active && "bg-accent text-accent-foreground")}
          >
            <span className="min-w-0 truncate">{option.label}</span>
            {option.detail ? <span className="shrink-0 font-mono text-[0.6875rem] text-muted-foreground">{option.detail}</span> : null}
          </li>
        ))}
        {options.length === 0 && status ? (
          <li role="presentation" className="px-2 py-1.5 text-xs text-muted-foreground">
            {status}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
