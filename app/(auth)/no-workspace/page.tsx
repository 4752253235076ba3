import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getConsoleContext, signInRedirect } from "@/lib/auth/gate";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "No workspace" };

/** Signed in, but a member of no workspace (removed from the last one, say). */
export default async function NoWorkspacePage() {
  const context = await getConsoleContext();
  if (!context) return signInRedirect();
  if (context.caller) redirect("/assistants");
  return (
    <Card>
      <CardHeader>
        <h1 className="text-lg font-semibold tracking-tight">You are not in any workspace</h1>
        <CardDescription>
          Signed in as {context.session.user.email}. You may have been removed from your workspace. Ask a workspace owner for an
          invite link.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SignOutButton className={buttonClasses({ variant: "outline" })} />
      </CardContent>
    </Card>
  );
}
