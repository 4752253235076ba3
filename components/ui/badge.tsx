import { cn } from "@/components/ui/cn";

type Variant = "neutral" | "outline" | "success" | "destructive";

const variants: Record<Variant, string> = {
  neutral: "bg-secondary text-secondary-foreground",
  outline: "border border-border text-foreground",
  success: "bg-success-muted text-success",
  destructive: "bg-destructive-muted text-destructive",
};

type BadgeProps = React.ComponentProps<"span"> & { variant?: Variant; mono?: boolean };

export function Badge({ variant = "neutral", mono = false, className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex max-w-full items-center gap-1 rounded-md px-1.5 py-0.5 text-xs leading-4 font-medium whitespace-nowrap",
        mono && "font-mono text-[0.6875rem]",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
