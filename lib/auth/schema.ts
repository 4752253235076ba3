import { z } from "@/lib/zod";
import { ROLES } from "@/lib/auth/roles";

// One schema per form, shared by the form (zodResolver), the server action and the service.
// Client-safe: no server imports.

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;

const email = z.string().trim().toLowerCase().pipe(z.email("Enter an email address, like ada@example.com.").max(254));
const password = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);
const personName = z.string().trim().min(1, "Enter your name.").max(NAME_MAX, `At most ${NAME_MAX} characters.`);
export const workspaceName = z.string().trim().min(1, "Name the workspace.").max(NAME_MAX, `At most ${NAME_MAX} characters.`);

export const setupSchema = z.object({ name: personName, email, password, workspaceName });
export type SetupInput = z.infer<typeof setupSchema>;

// Sign-in takes any non-empty password: length rules are for new passwords, and telling someone
// their guess is too short only helps guessing.
export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(1024),
  /** Where to go afterwards (checked with safeNext: own paths only). */
  next: z.string().max(2048).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password.").max(1024), newPassword: password })
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const roleSchema = z.enum(ROLES, { error: "Choose owner, editor or viewer." });

export const inviteSchema = z.object({ email, role: roleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

export const acceptInviteSignUpSchema = z.object({ invitationId: z.string().min(1).max(64), name: personName, password });
export type AcceptInviteSignUpInput = z.infer<typeof acceptInviteSignUpSchema>;

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, "Name the key after where it is used, like “CI”.").max(NAME_MAX, `At most ${NAME_MAX} characters.`),
  role: roleSchema,
});
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

export const workspaceSchema = z.object({ name: workspaceName });
export type WorkspaceInput = z.infer<typeof workspaceSchema>;

export const idSchema = z.object({ id: z.string().min(1).max(64) });
export const memberRoleSchema = z.object({ memberId: z.string().min(1).max(64), role: roleSchema });
