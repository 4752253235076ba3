import { cn } from "@/components/ui/cn";

type EmptyStateProps = {
  title: string;
  description: React.ReactNode;
  icon?: React.ReactNode;
  /** Heading level: h2 when the page already has its h1 above. */
  headingLevel?: "h2" | "h3";
  children?: React.ReactNode;
  className?: string;
};

export function EmptyState({ title, description, icon, headingLevel = "h2", children, className }: EmptyStateProps) {
  const Heading = headingLevel;
  return (
    <section className={cn("flex flex-col items-center rounded-xl border border-dashed px-4 py-10 text-center sm:px-10", className)}>
      {icon ? (
        <div className="mb-4 flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <Heading className="text-base font-semibold tracking-tight">{title}</Heading>
      <div className="mt-2 max-w-prose text-sm text-pretty text-muted-foreground">{description}</div>
      {children ? <div className="mt-6 w-full max-w-2xl text-left">{children}</div> : null}
    </section>
  );
}
