"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { setUpFirstOwner } from "@/lib/auth/accounts";
import { setupSchema } from "@/lib/auth/schema";

// Open to anyone only while nobody has an account: setUpFirstOwner refuses once someone has.
export const setUp = publicAction(setupSchema, async ({ input, headers }) => {
  await setUpFirstOwner(input, headers);
  redirect("/assistants");
});
