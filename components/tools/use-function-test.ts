"use client";

import { useState, useTransition } from "react";
import { callAction } from "@/components/forms/call-action";
import type { ActionResult } from "@/lib/auth/action-result";

// "Test connection" on a plugin or MCP server card: calls the action, keeps its latest answer (the
// functions, or why there are none, e.g. an MCP server that cannot be reached) until the next test.

export type FunctionTest<T> = { state: { kind: "idle" } | { kind: "done"; data: T } | { kind: "failed"; message: string }; pending: boolean; run: () => void; reset: () => void };

export function useFunctionTest<T>(action: () => Promise<ActionResult<T>>): FunctionTest<T> {
  const [state, setState] = useState<FunctionTest<T>["state"]>({ kind: "idle" });
  const [pending, startTransition] = useTransition();
  return {
    state,
    pending,
    run: () =>
      startTransition(async () => {
        const result = await callAction(action);
        setState(result.ok ? { kind: "done", data: result.data } : { kind: "failed", message: result.message });
      }),
    reset: () => setState({ kind: "idle" }),
  };
}
