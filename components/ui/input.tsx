import { cn } from "@/components/ui/cn";

export const inputClasses =
  "h-9 w-full min-w-0 rounded-md border border-input bg-background px-3 text-sm shadow-xs transition-colors " +
  "placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring " +
  "disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive";

export function Input({ className, ...props }: React.ComponentProps<"input">) {
  return <input className={cn(inputClasses, className)} {...props} />;
}

export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select className={cn(inputClasses, "pr-8", className)} {...props} />;
}
