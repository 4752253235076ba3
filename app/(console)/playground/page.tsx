import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Playground" };

// Deliberately no controls: the run engine (threads, runs, streaming) is a later issue, and a form
// that cannot send would only mislead.
export default function PlaygroundPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Playground" />
      <section className="max-w-prose rounded-xl border bg-card p-6 shadow-xs" aria-labelledby="playground-status">
        <h2 id="playground-status" className="text-base font-semibold tracking-tight">
          Not available yet
        </h2>
        <p className="mt-2 text-sm text-muted-foreground">
          The playground lets you talk to an assistant and watch its runs stream in, against any OpenAI-compatible model.
          It is built on threads and runs, which Atelier does not serve yet; until then, assistants can be created and
          managed through the API.
        </p>
        <Link href="/assistants" className={`${buttonClasses({ variant: "outline", size: "sm" })} mt-5`}>
          Back to Assistants
        </Link>
      </section>
    </div>
  );
}
