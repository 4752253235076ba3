"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { rotateWebhookSecret } from "@/app/(console)/settings/webhooks/actions";
import { callAction } from "@/components/forms/call-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SigningView } from "@/lib/webhooks/service";
import { InlineError } from "@/components/ui/inline-error";

/**
 * The workspace's signing secret: its last characters and age. Rotating (owners) makes a new one
 * and shows it this once; the old one keeps signing for a day beside it.
 */
export function SigningSecret({ signing, canManage }: { signing: SigningView; canManage: boolean }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const rotate = () =>
    startTransition(async () => {
      setError(null);
      const result = await callAction(() => rotateWebhookSecret({}));
      setAsking(false);
      if (!result.ok) return setError(result.message);
      setSecret(result.data.secret);
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        {signing.hint ? (
          <>
            Current secret <span className="font-mono">{signing.hint}</span>, made {signing.createdAt ? <RelativeTime date={signing.createdAt} /> : null}.
            {signing.previousUntil ? (
              <>
                {" "}
                The previous secret also signs until <RelativeTime date={signing.previousUntil} />.
              </>
            ) : null}
          </>
        ) : (
          "No secret yet: one is made with the first delivery, or now, to copy into your receiver."
        )}
      </p>
      {secret ? (
        <div className="flex flex-col gap-3">
          <Alert title="New signing secret" variant="neutral">
            Copy it into your receiver now: it is shown only this once.{signing.previousUntil ? " Deliveries carry a signature with the previous secret too for a day." : ""}
          </Alert>
          <CopyField label="Signing secret" value={secret} />
          <div>
            <Button variant="outline" size="sm" onClick={() => setSecret(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : canManage ? (
        asking ? (
          <div role="group" aria-label="Rotate the signing secret?" className="flex flex-wrap items-center gap-2" onKeyDown={(event) => event.key === "Escape" && setAsking(false)}>
            <span className="text-sm text-muted-foreground">{signing.hint ? "Receivers need the new secret within a day." : "The secret is shown once."}</span>
            <Button size="sm" disabled={pending} onClick={rotate} autoFocus>
              {pending ? "Rotating…" : signing.hint ? "Rotate secret" : "Create secret"}
            </Button>
            <Button variant="ghost" size="sm" disabled={pending} onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <div>
            <Button variant="outline" size="sm" onClick={() => setAsking(true)}>
              {signing.hint ? "Rotate secret…" : "Create signing secret…"}
            </Button>
          </div>
        )
      ) : (
        <p className="text-sm text-muted-foreground">Only owners can create or rotate the secret.</p>
      )}
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
    </div>
  );
}
