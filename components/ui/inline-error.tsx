import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

// A short error beside what it is about (a failed save, a refused action): announced when it
// appears (role="alert"), in the destructive colour. `size="xs"` for dense rows and menus.

export function InlineError({ children, size = "sm", className }: { children: ReactNode; size?: "sm" | "xs"; className?: string }) {
  return (
    <p role="alert" className={cn(size === "xs" ? "text-xs" : "text-sm", "text-destructive", className)}>
      {children}
    </p>
  );
}
