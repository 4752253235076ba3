import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/accounts";
import { SetupForm } from "@/components/auth/setup-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Set up Atelier" };

export default async function SetupPage() {
  if (await hasUsers()) redirect("/sign-in");
  return (
    <Card>
      <CardHeader>
        <h1 className="text-lg font-semibold tracking-tight">Set up Atelier</h1>
        <CardDescription>
          Create the first account. It owns the first workspace and can invite everyone else.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
