import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

// Rendered outside the console shell (the root not-found has only the root layout), so it brings
// its own landmark and a way back.
export default function NotFound() {
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <p className="font-mono text-sm text-muted-foreground">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 max-w-sm text-sm text-muted-foreground">
        There is nothing at this address. It may have been moved, or the link may be mistyped.
      </p>
      <Link href="/assistants" className={`${buttonClasses({ variant: "outline" })} mt-6`}>
        Go to Assistants
      </Link>
    </main>
  );
}
