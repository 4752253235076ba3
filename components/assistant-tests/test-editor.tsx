"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveTest } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { AssertionListEditor } from "@/components/assistant-tests/assertion-editor";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { compactInputClasses, Input } from "@/components/ui/input";
import { draftErrors, draftOf, emptyTurn, testOf, type TestDraft, type TurnDraft } from "@/lib/assistant-tests/test-draft";
import { TEST_LIMITS } from "@/lib/assistant-tests/schema";
import type { AssistantTestObject } from "@/lib/assistant-tests/wire";
import { InlineError } from "@/components/ui/inline-error";

// Writes one test (issue 22): its name and tags, its user turns (each with run overrides as JSON and
// its own assertions), the mock outputs that answer function calls (the assistant's when empty),
// and the assertions on the last reply. Problems show where they are, from this form or the server.

type Props = { assistantId: string; test: AssistantTestObject | null; canEdit: boolean };

const rowErrors = (errors: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(errors).flatMap(([key, message]) => (key.startsWith(`${prefix}.`) && /^\d+$/.test(key.slice(prefix.length + 1)) ? [[Number(key.slice(prefix.length + 1)), message]] : [])));

const textarea = `${compactInputClasses} h-auto min-h-20 py-1.5`;

function TurnEditor({ turn, index, count, errors, disabled, onChange, onRemove }: { turn: TurnDraft; index: number; count: number; errors: Record<string, string>; disabled: boolean; onChange: (turn: TurnDraft) => void; onRemove: () => void }) {
  const key = `turns.${index}`;
  return (
    <li className="flex flex-col gap-3 rounded-lg border p-3" aria-label={`Turn ${index + 1}`}>
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold">Turn {index + 1}</h3>
        {count > 1 ? (
          <Button variant="outline" size="sm" onClick={onRemove} disabled={disabled} aria-label={`Remove turn ${index + 1}`}>
            Remove
          </Button>
        ) : null}
      </div>
      <Field id={`${key}-content`} label="User message" error={errors[`${key}.content`]}>
        {(aria) => <textarea {...aria} className={textarea} value={turn.content} disabled={disabled} onChange={(event) => onChange({ ...turn, content: event.target.value })} />}
      </Field>
      {turn.attachments?.length ? <p className="text-xs text-muted-foreground">{turn.attachments.length} attached file(s), kept as they are.</p> : null}
      <Field id={`${key}-overrides`} label="Run overrides (JSON, optional)" hint='For this turn only, e.g. {"temperature": 0}.' error={errors[`${key}.overrides`]}>
        {(aria) => <textarea {...aria} className={`${textarea} min-h-10 font-mono`} value={turn.overrides} disabled={disabled} onChange={(event) => onChange({ ...turn, overrides: event.target.value })} />}
      </Field>
      <AssertionListEditor label={`Turn ${index + 1} assertions`} rows={turn.assertions} errors={rowErrors(errors, `${key}.assertions`)} disabled={disabled} onChange={(assertions) => onChange({ ...turn, assertions })} />
    </li>
  );
}

export function TestEditor({ assistantId, test, canEdit }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState<TestDraft>(() => draftOf(test));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const disabled = !canEdit || pending;
  const set = (patch: Partial<TestDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const built = testOf(draft);
      if (!built.ok) return setErrors(built.errors);
      const result = await callAction(() => saveTest({ assistantId, id: test?.id, test: built.test as never }));
      if (!result.ok) {
        setErrors(draftErrors(result.fieldErrors));
        return setMessage(Object.keys(result.fieldErrors).length ? "Some fields need attention." : result.message);
      }
      setErrors({});
      router.push(`/assistants/${assistantId}/tests`);
      router.refresh();
    });

  return (
    <form
      className="flex max-w-3xl flex-col gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="test-name" label="Name" error={errors.name}>
          {(aria) => <Input {...aria} value={draft.name} disabled={disabled} onChange={(event) => set({ name: event.target.value })} />}
        </Field>
        <Field id="test-tags" label="Tags" hint="Comma-separated; a test run can take only one tag's tests." error={errors.tags}>
          {(aria) => <Input {...aria} value={draft.tags} disabled={disabled} onChange={(event) => set({ tags: event.target.value })} />}
        </Field>
      </div>
      <section aria-labelledby="turns-heading" className="flex flex-col gap-3">
        <h2 id="turns-heading" className="text-lg font-semibold">
          Turns
        </h2>
        <ol className="flex flex-col gap-3">
          {draft.turns.map((turn, index) => (
            <TurnEditor
              key={index}
              turn={turn}
              index={index}
              count={draft.turns.length}
              errors={errors}
              disabled={disabled}
              onChange={(next) => set({ turns: draft.turns.map((item, i) => (i === index ? next : item)) })}
              onRemove={() => set({ turns: draft.turns.filter((_, i) => i !== index) })}
            />
          ))}
        </ol>
        {errors.turns ? <InlineError>{errors.turns}</InlineError> : null}
        <Button variant="outline" size="sm" className="self-start" disabled={disabled || draft.turns.length >= TEST_LIMITS.turns} onClick={() => set({ turns: [...draft.turns, emptyTurn()] })}>
          Add turn
        </Button>
      </section>
      <section aria-labelledby="assertions-heading" className="flex flex-col gap-3">
        <h2 id="assertions-heading" className="text-lg font-semibold">
          Assertions on the last reply
        </h2>
        <AssertionListEditor label="Assertions on the last reply" rows={draft.assertions} errors={rowErrors(errors, "assertions")} disabled={disabled} onChange={(assertions) => set({ assertions })} />
      </section>
      <Field id="test-mocks" label="Mock outputs (JSON, optional)" hint={'Answers to function calls, e.g. {"get_weather": {"format": "json", "output": "{\\"temp\\": 21}"}}. Empty: the assistant\'s saved mock outputs.'} error={errors.mock_outputs}>
        {(aria) => <textarea {...aria} className={`${textarea} font-mono`} value={draft.mocks} disabled={disabled} onChange={(event) => set({ mocks: event.target.value })} />}
      </Field>
      {message ? <InlineError>{message}</InlineError> : null}
      {canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : test ? "Save test" : "Create test"}
          </Button>
          <Button variant="outline" onClick={() => router.push(`/assistants/${assistantId}/tests`)} disabled={pending}>
            Cancel
          </Button>
        </div>
      ) : null}
    </form>
  );
}
