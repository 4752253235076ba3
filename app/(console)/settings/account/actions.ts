"use server";

import { userAction } from "@/lib/auth/action";
import { changePassword as change } from "@/lib/auth/accounts";
import { changePasswordSchema } from "@/lib/auth/schema";

export const changePassword = userAction(changePasswordSchema, async ({ input, session, headers }) => {
  await change(session.user.email, input, headers);
  return { changed: true };
});
