"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteVectorStore, updateVectorStore } from "@/app/(console)/vector-stores/actions";
import { callAction } from "@/components/forms/call-action";
import { FormError } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { storeSettingsSchema, toSettingsValues } from "@/lib/vector-stores/form";
import { DialogActions } from "@/components/ui/dialog-actions";

// A store page's Edit (name, expiry) and Delete, each in a dialog.

type Props = { store: { id: string; name: string; expires_after?: { days: number } | null; fileCount: number } };

export function StoreActions({ store }: Props) {
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const label = store.name || store.id;
  return (
    <div className="flex items-center gap-2">
      <Button variant="outline" size="sm" onClick={() => setDialog("edit")}>
        Edit
      </Button>
      <Button variant="destructive" size="sm" aria-label={`Delete vector store ${label}`} onClick={() => setDialog("delete")}>
        Delete
      </Button>
      <ModalDialog open={dialog === "edit"} title={`Edit ${label}`} onClose={() => setDialog(null)}>
        <EditForm store={store} onClose={() => setDialog(null)} />
      </ModalDialog>
      <ModalDialog open={dialog === "delete"} title={`Delete ${label}?`} onClose={() => setDialog(null)}>
        <DeleteBody store={store} onClose={() => setDialog(null)} />
      </ModalDialog>
    </div>
  );
}

function EditForm({ store, onClose }: { store: Props["store"]; onClose: () => void }) {
  const router = useRouter();
  const { form, onSubmit, formError } = useActionForm({
    schema: storeSettingsSchema,
    action: (values) => updateVectorStore({ id: store.id, values }),
    defaultValues: toSettingsValues(store),
    onSuccess: () => {
      onClose();
      router.refresh();
    },
  });
  const error = (name: "name" | "expires_after.days") => form.getFieldState(name, form.formState).error?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <Field id="store-edit-name" label="Name" error={error("name")}>
        {(aria) => <Input {...aria} autoComplete="off" {...form.register("name")} />}
      </Field>
      <Field id="store-edit-expiry" label="Expires after (days)" hint="Counted from the store's last search or run; empty: never expires." error={error("expires_after.days")}>
        {(aria) => <Input {...aria} inputMode="numeric" className="sm:max-w-40" {...form.register("expires_after.days")} />}
      </Field>
      <DialogActions busy={form.formState.isSubmitting} onCancel={onClose}>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Saving…" : "Save"}
        </Button>
      </DialogActions>
    </form>
  );
}

function DeleteBody({ store, onClose }: { store: Props["store"]; onClose: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <p className="text-sm">
        <span className="font-medium">{store.name || store.id}</span> is deleted for good
        {store.fileCount ? `, with the chunks of its ${store.fileCount === 1 ? "file" : `${store.fileCount} files`}` : ""}. Files stay in Files; assistants and
        threads that list this store find nothing in it any more.
      </p>
      <DialogActions error={error} busy={pending} onCancel={onClose}>
        <Button
          variant="destructive"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await callAction(() => deleteVectorStore({ id: store.id }));
              if (!result.ok) return setError(result.message);
              router.push("/vector-stores");
            })
          }
        >
          {pending ? "Deleting…" : "Delete vector store"}
        </Button>
      </DialogActions>
    </>
  );
}
