import { cn } from "@/components/ui/cn";

// Size and width are not in the base: a later `h-8` would not beat `h-9` (Tailwind orders same-property
// utilities by name, not by where they appear in className), so each size is a variant of its own.
const inputBase =
  "min-w-0 rounded-md border border-input bg-background px-3 text-sm shadow-xs transition-colors " +
  "placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring " +
  "disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive";

export const inputClasses = `h-9 w-full ${inputBase}`;
/** Dense forms (the schema builder's node settings). */
export const compactInputClasses = `h-8 w-full ${inputBase} text-[0.8125rem]`;
/** A select that sits in a row of buttons, as wide as its text. */
export const inlineSelectClasses = `h-8 w-auto max-w-full ${inputBase}`;

export function Input({ className, ...props }: React.ComponentProps<"input">) {
  return <input className={cn(inputClasses, className)} {...props} />;
}

export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select className={cn(inputClasses, "pr-8", className)} {...props} />;
}
