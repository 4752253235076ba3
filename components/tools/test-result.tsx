"use client";

import { cn } from "@/components/ui/cn";
import type { FunctionTest } from "@/components/tools/use-function-test";

type TestResultProps<T> = {
  /** Names the live region ("Operations of Weather"). */
  label: string;
  test: FunctionTest<T>;
  children: (data: T) => React.ReactNode;
};

/** The outcome of "Test connection", announced politely: the functions, or why there are none. */
export function TestResult<T>({ label, test, children }: TestResultProps<T>) {
  const { state, pending } = test;
  let body: React.ReactNode = null;
  if (pending) body = <p className="text-muted-foreground">Testing…</p>;
  else if (state.kind === "failed") body = <p className="text-destructive">Test failed: {state.message}</p>;
  else if (state.kind === "done") body = children(state.data);
  return (
    <div
      role="status"
      aria-label={label}
      className={cn("text-sm", body ? "rounded-lg border px-3 py-2" : "sr-only", !pending && state.kind === "failed" && "border-destructive/40 bg-destructive-muted")}
    >
      {body}
    </div>
  );
}
