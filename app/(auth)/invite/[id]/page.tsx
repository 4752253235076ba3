import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { readSession } from "@/lib/auth/session";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { previewInvitation } from "@/lib/workspaces/members";
import { InviteButton, NewAccountInviteForm } from "@/components/auth/invite-forms";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Invitation" };

const ENDED = {
  expired: "This invitation has expired. Ask the workspace owner for a new link.",
  accepted: "This invitation has already been used. Sign in to open the workspace.",
  canceled: "This invitation was canceled. Ask the workspace owner for a new link.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const invitation = await previewInvitation(id);
  if (!invitation || invitation.state !== "pending") {
    return (
      <Card>
        <CardHeader>
          <h1 className="text-lg font-semibold tracking-tight">Invitation unavailable</h1>
          <CardDescription>{invitation && invitation.state !== "pending" ? ENDED[invitation.state] : "This invitation link is not valid. Check that it was copied whole."}</CardDescription>
        </CardHeader>
        <CardContent>
          <Link href="/sign-in" className={buttonClasses({ variant: "outline" })}>
            Go to sign-in
          </Link>
        </CardContent>
      </Card>
    );
  }

  const session = await readSession(await headers());
  const signedInAsInvitee = session?.user.email === invitation.email;
  let body: React.ReactNode;
  if (session && signedInAsInvitee) {
    body = <InviteButton invitationId={id} kind="accept" />;
  } else if (session) {
    body = (
      <div className="flex flex-col gap-3">
        <p className="text-sm">
          You are signed in as <span className="font-medium">{session.user.email}</span>, but this invitation is for{" "}
          <span className="font-medium">{invitation.email}</span>.
        </p>
        <InviteButton invitationId={id} kind="sign-out" />
      </div>
    );
  } else if (invitation.hasAccount) {
    body = (
      <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${id}`)}`} className={buttonClasses()}>
        Sign in as {invitation.email} to join
      </Link>
    );
  } else {
    body = <NewAccountInviteForm invitationId={id} email={invitation.email} />;
  }

  return (
    <Card>
      <CardHeader>
        <h1 className="text-lg font-semibold tracking-tight">Join {invitation.workspaceName}</h1>
        <CardDescription>
          {invitation.inviter} invited you as {ROLE_LABELS[invitation.role].toLowerCase()}: {ROLE_DESCRIPTIONS[invitation.role]}
        </CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}
