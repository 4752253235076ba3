"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { signIn as signInWithPassword } from "@/lib/auth/accounts";
import { safeNext } from "@/lib/auth/paths";
import { signInSchema } from "@/lib/auth/schema";

// Throttled per account and per address inside signIn (lib/auth/throttle.ts).
export const signIn = publicAction(signInSchema, async ({ input, headers }) => {
  await signInWithPassword(input, headers);
  redirect(safeNext(input.next));
});
