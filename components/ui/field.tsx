import { cn } from "@/components/ui/cn";

type FieldProps = {
  /** The control's id: the label points at it, the hint and error describe it. */
  id: string;
  label: string;
  hint?: React.ReactNode;
  /**
   * The rule a valid value follows ("At least 12 characters."): shown before the hint while the
   * value is fine, left out while there is an error, since the error says the same thing.
   */
  rule?: string;
  error?: string;
  className?: string;
  /** Receives the aria props to spread on the control. */
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => React.ReactNode;
};

/** Label, control, hint and error, wired together for screen readers. */
export function Field({ id, label, hint, rule, error, className, children }: FieldProps) {
  const shownRule = error ? undefined : rule;
  const hintId = hint || shownRule ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {error ? (
        <p id={errorId} className="text-[0.8125rem] text-destructive">
          {error}
        </p>
      ) : null}
      {hintId ? (
        <p id={hintId} className="text-[0.8125rem] text-muted-foreground">
          {shownRule}
          {shownRule && hint ? " " : null}
          {hint}
        </p>
      ) : null}
    </div>
  );
}
