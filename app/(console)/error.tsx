"use client";

import { Button } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";

type ErrorProps = { error: unknown; retry: () => void };

/**
 * The page failed, the shell did not: navigation stays usable. In production React replaces a
 * server error's message with its error #441 ("An error occurred in the Server Components render…")
 * and a digest, which is what the server log is searched by, so show that. Not logged here: the
 * browser would only get #441 again (Next already reports what a boundary catches); the server
 * logged the real error under the digest.
 */
export default function ConsoleError({ error, retry }: ErrorProps) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <section className="mx-auto flex max-w-md flex-col items-center py-16 text-center" aria-labelledby="error-heading">
      <div className="mb-4 flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground" aria-hidden="true">
        <AlertIcon className="size-5" />
      </div>
      <h1 id="error-heading" className="text-lg font-semibold tracking-tight">
        This page could not be loaded
      </h1>
      <p className="mt-2 text-sm text-muted-foreground">
        Something went wrong on the server, often something passing such as the database restarting. Try again in a
        moment.
      </p>
      {digest ? (
        <p className="mt-3 text-xs text-muted-foreground">
          Reference for the server log: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <Button className="mt-6" variant="outline" onClick={() => retry()}>
        Try again
      </Button>
    </section>
  );
}
