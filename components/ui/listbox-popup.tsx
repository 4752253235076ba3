"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

// The list half of an ARIA editable combobox with a list popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/), shared by the model field and the
// resource pickers: which option is highlighted, the keys that move and pick, and the popup.
// The input stays the caller's (what typing means differs), spreading `inputAria` and calling
// `onKeyDown` from its own handler.

type ListNavigationOptions = {
  /** How many options the list shows now. */
  count: number;
  /** Whether the popup is showing. */
  shown: boolean;
  /** ↓/↑ on a closed list. */
  onOpen: () => void;
  /** Escape on an open list, and Tab. */
  onClose: () => void;
  onPick: (index: number) => void;
  /** Enter is swallowed even with nothing highlighted (a search box inside a form must not submit it). */
  enterNeverSubmits?: boolean;
};

export function useListNavigation({ count, shown, onOpen, onClose, onPick, enterNeverSubmits }: ListNavigationOptions) {
  const listId = `${useId()}-options`;
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (!shown || active < 0) return;
    listRef.current?.querySelector(`[id="${CSS.escape(`${listId}-${active}`)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [shown, active, listId]);

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const last = count - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!shown) onOpen();
        else if (!event.altKey) setActive((index) => (index >= last ? 0 : index + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!shown) onOpen();
        else setActive((index) => (index <= 0 ? last : index - 1));
        break;
      case "Enter":
        // Picks the highlighted option; with none, Enter keeps its usual meaning unless told otherwise.
        if (shown && active >= 0 && active < count) {
          event.preventDefault();
          onPick(active);
        } else if (enterNeverSubmits) event.preventDefault();
        break;
      case "Escape":
        if (shown) {
          // Only closes the list: not the dialog or popover the field is in.
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
        break;
      case "Tab":
        onClose();
        break;
    }
  }

  const inputAria = {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": shown,
    "aria-controls": listId,
    "aria-activedescendant": shown && active >= 0 ? optionId(active) : undefined,
    autoComplete: "off",
    spellCheck: false,
  } as const;

  return { active, setActive, onKeyDown, inputAria, popup: { listRef, listId, active, setActive } };
}

type ListboxPopupProps<T> = {
  /** From useListNavigation: the list's ref and id, the highlighted index and its setter. */
  listRef: React.RefObject<HTMLUListElement | null>;
  listId: string;
  active: number;
  setActive: (index: number) => void;
  label: string;
  hidden: boolean;
  items: readonly T[];
  keyOf: (item: T) => string;
  onPick: (index: number) => void;
  /** Said when there is nothing to pick ("Searching…", "No files match", an error). */
  status?: string | null;
  children: (item: T) => React.ReactNode;
};

export function ListboxPopup<T>({ listRef, listId, active, setActive, label, hidden, items, keyOf, onPick, status, children }: ListboxPopupProps<T>) {
  return (
    <ul
      ref={listRef}
      id={listId}
      role="listbox"
      aria-label={label}
      hidden={hidden}
      className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-y-auto rounded-md border bg-card p-1 text-sm text-card-foreground shadow-md"
    >
      {items.map((item, index) => (
        <li
          key={keyOf(item)}
          id={`${listId}-${index}`}
          role="option"
          aria-selected={index === active}
          // Keeps focus in the input (a mousedown would blur it and close the list before the click).
          onMouseDown={(event) => event.preventDefault()}
          onClick={(event) => {
            // Inside a <label>, the click would otherwise go on to the input and open the list again.
            event.preventDefault();
            onPick(index);
          }}
          onMouseMove={() => setActive(index)}
          className={cn("flex cursor-default items-baseline justify-between gap-3 rounded-sm px-2 py-1.5", index === active && "bg-accent text-accent-foreground")}
        >
          {children(item)}
        </li>
      ))}
      {items.length === 0 && status ? (
        <li role="presentation" className="px-2 py-1.5 text-xs text-muted-foreground">
          {status}
        </li>
      ) : null}
    </ul>
  );
}
