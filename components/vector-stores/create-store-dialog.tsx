"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller } from "react-hook-form";
import { createVectorStore } from "@/app/(console)/vector-stores/actions";
import { FormError } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { ChunkingFields } from "@/components/vector-stores/chunking-fields";
import { FilePicker } from "@/components/vector-stores/file-picker";
import { EMPTY_STORE_FORM, storeFormSchema } from "@/lib/vector-stores/form";
import { DialogActions } from "@/components/ui/dialog-actions";

// "New vector store": name, expiry, and optionally files to start with and how to chunk them (a
// store keeps no chunking of its own: as in OpenAI's API, it is chosen per file as files are added).

export function CreateStoreButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New vector store</Button>
      <ModalDialog open={open} title="New vector store" onClose={() => setOpen(false)}>
        <CreateStoreForm onCancel={() => setOpen(false)} />
      </ModalDialog>
    </>
  );
}

function CreateStoreForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const { form, onSubmit, formError } = useActionForm({
    schema: storeFormSchema,
    action: createVectorStore,
    defaultValues: EMPTY_STORE_FORM,
    onSuccess: (data) => router.push(`/vector-stores/${data.id}`),
  });
  const error = (name: Parameters<typeof form.getFieldState>[0]) => form.getFieldState(name, form.formState).error?.message;
  const fileIds = form.watch("file_ids");
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <Field id="store-name" label="Name" error={error("name")}>
        {(aria) => <Input {...aria} placeholder="Support handbook" autoComplete="off" {...form.register("name")} />}
      </Field>
      <Field id="store-expiry" label="Expires after (days)" hint="Counted from the store's last search or run; empty: never expires." error={error("expires_after.days")}>
        {(aria) => <Input {...aria} inputMode="numeric" className="sm:max-w-40" {...form.register("expires_after.days")} />}
      </Field>
      <Controller control={form.control} name="file_ids" render={({ field }) => <FilePicker selected={field.value} onChange={field.onChange} />} />
      <Controller
        control={form.control}
        name="chunking_strategy"
        render={({ field }) => (
          <ChunkingFields
            legend={fileIds.length ? "Chunking for the chosen files" : "Chunking (for files chosen here; files added later choose their own)"}
            value={field.value}
            onChange={field.onChange}
            errors={{ max_chunk_size_tokens: error("chunking_strategy.static.max_chunk_size_tokens"), chunk_overlap_tokens: error("chunking_strategy.static.chunk_overlap_tokens") }}
          />
        )}
      />
      <DialogActions busy={form.formState.isSubmitting} onCancel={onCancel}>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Creating…" : "Create vector store"}
        </Button>
      </DialogActions>
    </form>
  );
}
