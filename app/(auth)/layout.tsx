import Link from "next/link";
import { LogoMark } from "@/components/ui/icons";

// Pages for people who are not (yet) in a workspace: set-up, sign-in, invitations.
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-10">
      <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight">
        <span className="flex size-8 items-center justify-center rounded-md bg-primary text-primary-foreground" aria-hidden="true">
          <LogoMark className="size-4" />
        </span>
        Atelier
      </Link>
      <main id="main" className="w-full max-w-md">
        {children}
      </main>
    </div>
  );
}
