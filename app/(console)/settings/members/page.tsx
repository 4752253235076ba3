import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listMembers, listPendingInvitations } from "@/lib/workspaces/members";
import { cancelInvite, removeFromWorkspace } from "@/app/(console)/settings/members/actions";
import { InviteForm } from "@/components/settings/invite-form";
import { MemberRoleSelect } from "@/components/settings/member-role-select";
import { requestOrigin } from "@/components/shell/request-origin";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-field";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { caller } = await requirePageCaller();
  const isOwner = caller.role === "owner";
  const [members, invitations, origin] = await Promise.all([
    listMembers(caller),
    isOwner ? listPendingInvitations(caller) : Promise.resolve([]),
    requestOrigin(),
  ]);

  return (
    <div className="flex flex-col gap-6">
      {isOwner ? (
        <Card aria-labelledby="invite-heading">
          <CardHeader>
            <CardTitle id="invite-heading">Invite someone</CardTitle>
            <CardDescription>Editors change assistants; viewers open everything and change nothing; owners also manage members.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteForm origin={origin} />
          </CardContent>
        </Card>
      ) : null}

      <Card aria-labelledby="members-heading">
        <CardHeader>
          <CardTitle id="members-heading">Members</CardTitle>
          <CardDescription>
            {members.length} {members.length === 1 ? "person has" : "people have"} access to this workspace.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div className="rounded-lg border">
            <Table label="Members">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Member</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Joined</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {members.map((member) => {
                  const self = member.userId === caller.userId;
                  return (
                    <TableRow key={member.id}>
                      <TableCell>
                        <div className="font-medium">
                          {member.name} {self ? <span className="font-normal text-muted-foreground">(you)</span> : null}
                        </div>
                        <div className="text-xs text-muted-foreground">{member.email}</div>
                      </TableCell>
                      <TableCell>
                        {isOwner ? <MemberRoleSelect memberId={member.id} email={member.email} role={member.role} /> : <Badge>{ROLE_LABELS[member.role]}</Badge>}
                      </TableCell>
                      <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                        <RelativeTime date={member.createdAt} />
                      </TableCell>
                      <TableCell className="text-right">
                        {isOwner ? (
                          <ConfirmButton
                            label={self ? "Leave" : "Remove"}
                            accessibleLabel={`Remove ${member.email}`}
                            question={self ? "You lose access at once." : "They lose access at once, and their API keys are revoked."}
                            confirmLabel={self ? "Leave workspace" : "Remove member"}
                            action={removeFromWorkspace}
                            input={{ id: member.id }}
                          />
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>

      {isOwner && invitations.length > 0 ? (
        <Card aria-labelledby="invitations-heading">
          <CardHeader>
            <CardTitle id="invitations-heading">Pending invitations</CardTitle>
            <CardDescription>Links that have not been used yet. Each works once, for the email it was made for.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <ul className="flex flex-col gap-4" aria-label="Pending invitations">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-col gap-2 rounded-lg border p-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="text-sm">
                      <span className="font-medium">{invitation.email}</span> <Badge>{ROLE_LABELS[invitation.role]}</Badge>
                      <span className="ml-2 text-xs text-muted-foreground">
                        expires <RelativeTime date={invitation.expiresAt} />
                      </span>
                    </div>
                    <ConfirmButton
                      label="Cancel"
                      accessibleLabel={`Cancel the invitation for ${invitation.email}`}
                      question="The link stops working."
                      confirmLabel="Cancel invitation"
                      action={cancelInvite}
                      input={{ id: invitation.id }}
                    />
                  </div>
                  <CopyField label="Invite link" value={`${origin}/invite/${invitation.id}`} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
