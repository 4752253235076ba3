"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import { ListboxPopup, useListNavigation } from "@/components/ui/listbox-popup";

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
  const [open, setOpen] = useState(false);
  const shown = open && !disabled;
  const pick = (index: number) => {
    onPick(options[index]!);
    onQueryChange("");
    nav.setActive(-1);
  };
  // The typed text is only a search: Enter never submits the form around it from here.
  const nav = useListNavigation({ count: options.length, shown, onOpen: () => setOpen(true), onClose: () => setOpen(false), onPick: pick, enterNeverSubmits: true });

  return (
    <div className={cn("relative", className)}>
      <input
        {...nav.inputAria}
        id={id}
        type="text"
        value={query}
        disabled={disabled}
        placeholder={placeholder}
        aria-label={ariaLabel}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        className={inputClasses}
        onChange={(event) => {
          onQueryChange(event.target.value);
          // New matches are coming: the highlight starts again from none.
          nav.setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onKeyDown={nav.onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ListboxPopup {...nav.popup} label={listLabel} hidden={!shown || (options.length === 0 && !status)} items={options} keyOf={(option) => option.id} onPick={pick} status={status}>
        {(option) => (
          <>
            <span className="min-w-0 truncate">{option.label}</span>
            {option.detail ? <span className="shrink-0 font-mono text-[0.6875rem] text-muted-foreground">{option.detail}</span> : null}
          </>
        )}
      </ListboxPopup>
    </div>
  );
}
