"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { FormProvider, useForm, type Path } from "react-hook-form";
import { copyAssistant, createAssistantFromForm, loadAssistant, saveAssistant } from "@/app/(console)/assistants/actions";
import { ConflictDialog, differences, type FieldDifference } from "@/components/assistants/editor/conflict-dialog";
import { EditedFieldsContext } from "@/components/assistants/editor/form-errors";
import { EditorSections } from "@/components/assistants/editor/editor-sections";
import { ImportPanel } from "@/components/assistants/editor/import-panel";
import { JsonView } from "@/components/assistants/editor/json-view";
import { JsonValidityContext, createJsonValidity } from "@/components/assistants/editor/json-field";
import { API_OBJECT_SECTION, EDITOR_SECTIONS, SectionIndex, sectionElementId, useStickyBarBottom } from "@/components/assistants/editor/section-index";
import { useSaveShortcut, useUnsavedChangesGuard } from "@/components/assistants/editor/use-editor-guards";
import { callAction } from "@/components/forms/call-action";
import { FormError } from "@/components/forms/form-input";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { assistantFormSchema, toApiInput, toFormValues, type AssistantFormValues } from "@/lib/assistants/form";
import type { AssistantObject } from "@/lib/assistants/wire";
import type { CodeSandboxStatus } from "@/lib/code/status";
import { EMPTY_TOOL_REGISTRY, type ToolRegistry } from "@/lib/assistants/tool-registry";

type Saved = { assistant: AssistantObject; version: number };

type AssistantEditorProps = {
  initial: AssistantFormValues;
  /** Absent for a new assistant. */
  saved?: Saved;
  canEdit: boolean;
  /** The API's base URL as the browser reaches it, for the code snippets. */
  baseURL: string;
  /** Models the workspace's assistants use, offered first in the model field. */
  modelsInUse: string[];
  /** This server's code interpreter sandbox, said under the code_interpreter tool. */
  codeSandbox?: CodeSandboxStatus;
  /** The workspace's plugins and MCP servers, which plugin and MCP tools pick from. */
  toolRegistry?: ToolRegistry;
};

const timeFormat = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function AssistantEditor({ initial, saved: initialSaved, canEdit, baseURL, modelsInUse, codeSandbox, toolRegistry = EMPTY_TOOL_REGISTRY }: AssistantEditorProps) {
  const router = useRouter();
  const form = useForm<AssistantFormValues>({
    resolver: zodResolver(assistantFormSchema as never) as never,
    defaultValues: initial,
    // Checked as people type, so a stale error never lingers (and shifts the layout) after it is fixed.
    mode: "onChange",
  });
  const [saved, setSaved] = useState<Saved | undefined>(initialSaved);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ theirs: Saved; rows: FieldDifference[] } | null>(null);
  const [busy, setBusy] = useState(false);
  // What the next version is for (optional), kept with it in the History.
  const [note, setNote] = useState("");
  // Fields typed in since the last load or save: their errors show as they are typed (form-errors.ts).
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const validity = useMemo(() => createJsonValidity(), []);
  const { isDirty } = form.formState;
  const barRef = useRef<HTMLDivElement>(null);
  const barBottom = useStickyBarBottom(barRef);
  // Saved and unchanged: there is nothing to save.
  const nothingToSave = Boolean(saved) && !isDirty;

  useUnsavedChangesGuard(isDirty && canEdit);

  function showServerErrors(fieldErrors: Record<string, string[]>, message: string) {
    const names = Object.keys(fieldErrors);
    names.forEach((name, index) => form.setError(name as Path<AssistantFormValues>, { type: "server", message: fieldErrors[name]![0] }, { shouldFocus: index === 0 }));
    setFormError(names.length ? `${names.length === 1 ? "A field needs" : `${names.length} fields need`} attention before saving.` : message);
  }

  async function persist(overwrite = false) {
    const invalidJson = validity.firstInvalid();
    if (invalidJson) {
      invalidJson.focus();
      setFormError("A JSON field does not parse yet; fix it (or empty it) before saving.");
      return;
    }
    setBusy(true);
    setFormError(null);
    const values = form.getValues();
    const result = await callAction(() =>
      saved ? saveAssistant({ id: saved.assistant.id, version: saved.version, overwrite, values, ...(note.trim() && { note: note.trim() }) }) : createAssistantFromForm({ values }),
    );
    setBusy(false);
    if (result.ok) {
      setSaved(result.data);
      setSavedAt(new Date());
      setNote("");
      setConflict(null);
      setEdited(new Set());
      form.reset(toFormValues(result.data.assistant));
      if (!saved) router.replace(`/assistants/${result.data.assistant.id}`);
      router.refresh();
      return;
    }
    if (result.code === "conflict" && saved) {
      const current = await callAction(() => loadAssistant({ id: saved.assistant.id }));
      if (current.ok) {
        setConflict({ theirs: current.data, rows: differences(current.data.assistant, toApiInput(values)) });
        return;
      }
    }
    if (result.code === "unauthenticated") {
      router.push(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    showServerErrors(result.fieldErrors, result.message);
  }

  const submit = form.handleSubmit(
    () => persist(),
    () => setFormError("Some fields need attention; they are marked below."),
  );
  useSaveShortcut(() => {
    if (!nothingToSave) void submit();
  }, canEdit);

  async function duplicate() {
    if (!saved) return;
    const result = await callAction(() => copyAssistant({ id: saved.assistant.id }));
    if (result.ok) router.push(`/assistants/${result.data.id}`);
    else setFormError(result.message);
  }

  const status = busy
    ? "Saving…"
    : isDirty
      ? "Unsaved changes"
      : savedAt && saved
        ? `Saved at ${timeFormat.format(savedAt)} as version ${saved.version}`
        : saved
          ? `No changes · version ${saved.version}`
          : "Not saved yet";

  return (
    <FormProvider {...form}>
      <JsonValidityContext.Provider value={validity}>
        <EditedFieldsContext.Provider value={edited}>
          <form
            onSubmit={submit}
            onInput={(event) => {
              // Registered inputs are named by their form path.
              const name = (event.target as HTMLInputElement).name;
              if (name && !edited.has(name)) setEdited((current) => new Set(current).add(name));
            }}
            noValidate
            aria-label="Assistant"
            className="flex flex-col gap-6"
          >
            <div ref={barRef} className="sticky top-14 z-20 -mx-4 flex flex-wrap items-center justify-between gap-x-3 gap-y-2 border-b bg-background/95 px-4 pt-3 pb-2 backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-8 lg:px-8">
              <p role="status" className="text-sm text-muted-foreground">
                {status}
                {saved ? <span className="ml-2 font-mono text-xs">{saved.assistant.id}</span> : null}
              </p>
              {canEdit ? (
                <div className="flex flex-wrap gap-2">
                  {saved ? (
                    <Input
                      aria-label="Version note"
                      placeholder="What changed? (optional)"
                      maxLength={512}
                      value={note}
                      onChange={(event) => setNote(event.target.value)}
                      disabled={busy || nothingToSave}
                      className="w-56"
                    />
                  ) : null}
                  {saved ? (
                    <Button variant="outline" disabled={busy || isDirty} onClick={duplicate} title={isDirty ? "Save first" : undefined}>
                      Duplicate
                    </Button>
                  ) : null}
                  <Button type="submit" disabled={busy || nothingToSave} title={nothingToSave ? "No changes to save" : undefined} aria-keyshortcuts="Control+S Meta+S">
                    {saved ? "Save" : "Create assistant"}
                  </Button>
                </div>
              ) : (
                <p className="text-sm">Read only: your role cannot change assistants.</p>
              )}
              <SectionIndex sections={saved ? [...EDITOR_SECTIONS, API_OBJECT_SECTION] : EDITOR_SECTIONS} barBottom={barBottom} />
            </div>
            <FormError message={formError} />
            {!saved && canEdit ? (
              <ImportPanel
                onImport={(values) => {
                  for (const [key, value] of Object.entries(values)) {
                    form.setValue(key as keyof AssistantFormValues, value as never, { shouldDirty: true });
                  }
                  form.clearErrors();
                }}
              />
            ) : null}
            <fieldset disabled={!canEdit} className="contents">
              <EditorSections readOnly={!canEdit} modelsInUse={modelsInUse} codeSandbox={codeSandbox} toolRegistry={toolRegistry} />
            </fieldset>
          </form>
          {saved ? (
            <section id={sectionElementId(API_OBJECT_SECTION.id)} aria-labelledby="json-view-heading" className="mt-6 flex flex-col gap-3">
              <h2 id="json-view-heading" className="text-base font-semibold">
                API object and code
              </h2>
              <JsonView assistant={saved.assistant} baseURL={baseURL} />
            </section>
          ) : null}
          <ConflictDialog
            open={conflict !== null}
            version={conflict?.theirs.version ?? null}
            rows={conflict?.rows ?? []}
            onCancel={() => setConflict(null)}
            onReload={() => {
              if (!conflict) return;
              setSaved(conflict.theirs);
              setEdited(new Set());
              form.reset(toFormValues(conflict.theirs.assistant));
              setConflict(null);
              setFormError(null);
            }}
            onOverwrite={() => {
              if (!conflict) return;
              setSaved((current) => (current ? { ...current, version: conflict.theirs.version } : current));
              setConflict(null);
              void persist(true);
            }}
          />
        </EditedFieldsContext.Provider>
      </JsonValidityContext.Provider>
    </FormProvider>
  );
}
