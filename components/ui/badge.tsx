import { cn } from "@/components/ui/cn";

type Variant = "neutral" | "outline" | "success" | "destructive";

const variants: Record<Variant, string> = {
  neutral: "border-transparent bg-secondary text-secondary-foreground",
  outline: "border-border text-foreground",
  success: "border-transparent bg-success-muted text-success",
  destructive: "border-transparent bg-destructive-muted text-destructive",
};

type BadgeProps = React.ComponentProps<"span"> & { variant?: Variant; mono?: boolean };

export function Badge({ variant = "neutral", mono = false, className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        // Every variant has the border (transparent but for outline): a badge that changes variant with
        // state (a tool call's "Waiting for output" → "Submitting") keeps its height.
        "inline-flex max-w-full items-center gap-1 rounded-md border px-1.5 py-0.5 text-xs leading-4 font-medium whitespace-nowrap",
        mono && "font-mono text-[0.6875rem]",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
