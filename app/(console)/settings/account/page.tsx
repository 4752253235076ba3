import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const { session } = await requirePageCaller();
  return (
    <div className="flex flex-col gap-6">
      <Card aria-labelledby="account-heading">
        <CardHeader>
          <CardTitle id="account-heading">Your account</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted-foreground">Name</dt>
              <dd className="mt-1 font-medium">{session.user.name}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Email</dt>
              <dd className="mt-1">{session.user.email}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>
      <Card aria-labelledby="password-heading">
        <CardHeader>
          <CardTitle id="password-heading">Password</CardTitle>
          <CardDescription>Changing it signs you out everywhere else.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </div>
  );
}
