import { signOutFromMenu } from "@/app/(console)/actions";

/** Sign out as a form, so it works before hydration too. Styled by the caller (menu item or button). */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form action={signOutFromMenu}>
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}
