"use client";

import Link from "next/link";
import { useFormContext, useWatch } from "react-hook-form";
import type { AssistantFormValues, FormTool } from "@/lib/assistants/form";

// Pieces shared by the plugin and MCP tool cards, whose fields pick from the workspace's registry
// and rewrite the whole tool on a change (a field left out must be absent, not undefined), so they
// are controlled inputs over the tool's value rather than registered ones.

/** The tool at `index` as it is now, and a setter that replaces it, then re-checks it. */
export function useToolValue<T extends FormTool>(index: number): [T, (next: T) => void] {
  const { setValue, trigger } = useFormContext<AssistantFormValues>();
  const path = `tools.${index}` as const;
  const tool = useWatch<AssistantFormValues, typeof path>({ name: path }) as T;
  const set = (next: T) => {
    setValue(path, next, { shouldDirty: true, shouldTouch: true });
    // The whole tool: errors on fields the new value dropped (auth) or replaced (a server's
    // "not registered" on the old type) go too.
    void trigger(path);
  };
  return [tool, set];
}

/** When the registry has nothing to pick: where to register it. */
export function RegistryHint({ what }: { what: "plugin" | "MCP server" }) {
  return (
    <p role="note" className="rounded-md bg-muted px-3 py-2 text-[0.8125rem] text-muted-foreground">
      This workspace has no {what}s yet.{" "}
      <Link href="/tools" className="font-medium text-foreground underline underline-offset-2">
        Register {what === "plugin" ? "a plugin" : "an MCP server"} on the Tools page
      </Link>
      , then pick it here.
    </p>
  );
}

/** A field's error (red) or hint (muted), referenced by the control's aria-describedby. */
export function FieldMessage({ id, error, hint }: { id: string; error?: string; hint?: React.ReactNode }) {
  if (error) {
    return (
      <p id={id} className="text-[0.8125rem] text-destructive">
        {error}
      </p>
    );
  }
  return hint ? (
    <p id={id} className="text-[0.8125rem] text-muted-foreground">
      {hint}
    </p>
  ) : null;
}

/** The warning on a stored tool that names something the registry does not hold. */
export function NotRegisteredWarning({ name, consequence = "runs will skip it" }: { name: string; consequence?: string }) {
  return (
    <p role="note" className="rounded-md border border-destructive/30 bg-destructive-muted px-3 py-2 text-[0.8125rem]">
      <span className="font-mono font-medium">{name}</span> is not registered in this workspace; {consequence}.
    </p>
  );
}
