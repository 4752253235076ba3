import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/accounts";
import { safeNext } from "@/lib/auth/paths";
import { readSession } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  if (!(await hasUsers())) redirect("/setup");
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  if (await readSession(await headers())) redirect(next);
  return (
    <Card>
      <CardHeader>
        <h1 className="text-lg font-semibold tracking-tight">Sign in to Atelier</h1>
        <CardDescription>New here? Ask a workspace owner for an invite link.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm next={next} />
      </CardContent>
    </Card>
  );
}
