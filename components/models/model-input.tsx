"use client";

import { useState } from "react";
import { useModelOptions } from "@/components/models/use-model-options";
import { ListboxPopup, useListNavigation } from "@/components/ui/listbox-popup";
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
  const { options, loading, failed } = useModelOptions(inUse);
  const [open, setOpen] = useState(false);
  // What was typed since the list opened: null shows every model (opened with ↓ or a click).
  const [query, setQuery] = useState<string | null>(null);
  const matches = filterModelOptions(options, query ?? "");
  // Nothing to offer once what was typed is the one match (the list would only hide what is below).
  const typedTheOnlyMatch = query !== null && matches.length === 1 && matches[0]!.id === value;
  const shown = open && !disabled && !readOnly && !typedTheOnlyMatch;

  function show(withQuery: string | null) {
    setOpen(true);
    setQuery(withQuery);
    nav.setActive(-1);
  }

  function close() {
    setOpen(false);
    nav.setActive(-1);
  }

  function pick(index: number) {
    onPick(matches[index]!.id);
    close();
  }

  // Enter with nothing highlighted keeps its usual meaning (submit): any id may be typed.
  const nav = useListNavigation({ count: matches.length, shown, onOpen: () => show(null), onClose: close, onPick: pick });

  const status = loading ? "Listing the providers' models…" : failed ? "The providers' models could not be listed; type any model id." : null;

  return (
    <div className="relative">
      <input
        {...props}
        {...nav.inputAria}
        value={value}
        disabled={disabled}
        readOnly={readOnly}
        className={className}
        onChange={(event) => {
          onChange?.(event);
          show(event.target.value);
        }}
        onClick={(event) => {
          onClick?.(event);
          if (!shown) show(null);
        }}
        onKeyDown={(event) => {
          onKeyDown?.(event);
          if (!event.defaultPrevented) nav.onKeyDown(event);
        }}
        onBlur={(event) => {
          onBlur?.(event);
          close();
        }}
      />
      <ListboxPopup {...nav.popup} label="Model suggestions" hidden={!shown || (matches.length === 0 && !status)} items={matches} keyOf={(option) => option.id} onPick={pick} status={status}>
        {(option) => (
          <>
            <span className="min-w-0 truncate font-mono text-[0.8125rem]">{option.id}</span>
            <span className="shrink-0 text-xs text-muted-foreground">{option.provider ?? "in use"}</span>
          </>
        )}
      </ListboxPopup>
    </div>
  );
}
