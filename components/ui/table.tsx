import { cn } from "@/components/ui/cn";

type TableProps = React.ComponentProps<"table"> & {
  /** Names the table, as its caption. */
  label: string;
  /** Hide the caption visually when the page heading already says what the table is. */
  hideCaption?: boolean;
};

/**
 * Tables are expected to drop columns on narrow screens (see the assistants table); sideways
 * scrolling is only the safety net (Chrome and Firefox make such scroll containers keyboard-focusable).
 */
export function Table({ label, hideCaption = true, className, children, ...props }: TableProps) {
  return (
    <div className="relative w-full overflow-x-auto rounded-[inherit]">
      <table className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props}>
        <caption className={cn(hideCaption ? "sr-only" : "mt-3 text-sm text-muted-foreground")}>
          {label}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("bg-muted/50 [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr className={cn("border-b transition-colors hover:bg-muted/40", className)} {...props} />;
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn(
        "h-10 px-3 text-left align-middle text-xs font-medium tracking-wide whitespace-nowrap text-muted-foreground uppercase sm:px-4",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td className={cn("px-3 py-3 align-top sm:px-4", className)} {...props} />;
}
