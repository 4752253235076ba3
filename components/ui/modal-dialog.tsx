"use client";

import { useEffect, useId, useRef } from "react";
import { cn } from "@/components/ui/cn";

// A modal on the platform's <dialog>: the browser traps focus, returns it on close and handles
// Escape (which calls onClose, so the parent's state stays the truth). text-left: a dialog opened
// from a right-aligned table cell would inherit its alignment.

type ModalDialogProps = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  className?: string;
};

/** A ref for a <dialog> shown modally while `open` is true and closed when it turns false. */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}

export function ModalDialog({ open, title, onClose, children, className }: ModalDialogProps) {
  const ref = useModalDialog(open);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={cn("m-auto w-[min(42rem,calc(100vw-2rem))] rounded-xl border bg-card p-0 text-left text-card-foreground shadow-xl backdrop:bg-black/40", className)}
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-base font-semibold break-words">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
