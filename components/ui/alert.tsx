import { cn } from "@/components/ui/cn";
import { AlertIcon } from "@/components/ui/icons";

type AlertProps = {
  title: string;
  children?: React.ReactNode;
  variant?: "neutral" | "destructive";
  className?: string;
};

/** A static notice. Not role="alert": it is part of the page as rendered, not a live interruption. */
export function Alert({ title, children, variant = "neutral", className }: AlertProps) {
  return (
    <div
      className={cn(
        "flex gap-3 rounded-lg border px-4 py-3 text-sm",
        variant === "destructive" ? "border-destructive/30 bg-destructive-muted" : "bg-muted/50",
        className,
      )}
    >
      <AlertIcon className={cn("mt-0.5 size-4 shrink-0", variant === "destructive" ? "text-destructive" : "text-muted-foreground")} />
      <div className="min-w-0">
        <p className="font-medium">{title}</p>
        {children ? <div className="mt-1 text-muted-foreground">{children}</div> : null}
      </div>
    </div>
  );
}
