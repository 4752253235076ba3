import Link from "next/link";
import { SignOutButton } from "@/components/shell/sign-out-button";

type Props = { name: string; email: string };

const initials = (name: string, email: string) =>
  (name.trim() || email)
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");

/** Account menu: who is signed in, their settings, sign out (a form: works before hydration too). */
export function UserMenu({ name, email }: Props) {
  return (
    <details className="relative">
      <summary
        className="flex size-8 cursor-pointer list-none items-center justify-center rounded-full bg-secondary text-xs font-semibold text-secondary-foreground hover:bg-accent [&::-webkit-details-marker]:hidden"
        aria-label={`Account: ${email}`}
      >
        <span aria-hidden="true">{initials(name, email)}</span>
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-64 rounded-lg border bg-card p-1 text-card-foreground shadow-lg">
        <div className="px-2 py-1.5">
          <p className="truncate text-sm font-medium">{name}</p>
          <p className="truncate text-xs text-muted-foreground">{email}</p>
        </div>
        <div className="border-t pt-1">
          <Link href="/settings/account" className="flex rounded-md px-2 py-1.5 text-sm hover:bg-accent">
            Account and password
          </Link>
          <SignOutButton className="flex w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent" />
        </div>
      </div>
    </details>
  );
}
