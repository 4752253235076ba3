import type { SemanticStatus } from "@/lib/ingest/semantic";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InlineCode } from "@/components/ui/inline-code";

/** `a \`b\` c` with the back-quoted parts as code: the status's advice quotes settings and SQL. */
function WithCode({ text }: { text: string }) {
  return text.split("`").map((part, index) => (index % 2 ? <InlineCode key={index}>{part}</InlineCode> : part));
}

/** How vector store search ranks here: keywords always, meaning when a model and pgvector are there. */
export function FileSearchCard({ status }: { status: SemanticStatus }) {
  return (
    <Card aria-labelledby="file-search-heading">
      <CardHeader>
        <CardTitle id="file-search-heading">File search</CardTitle>
        <CardDescription>How vector store searches rank results, for every workspace on this server.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge variant={status.on ? "success" : "neutral"} aria-hidden="true">
            {status.on ? "On" : "Off"}
          </Badge>
          <span className="font-medium">{status.summary}</span>
        </p>
        <p className="text-muted-foreground">
          <WithCode text={status.detail} />
        </p>
        <dl className="grid gap-4 sm:grid-cols-2">
          <div>
            <dt className="text-muted-foreground">Embedding model</dt>
            <dd className="mt-1 font-mono text-[0.8125rem]">{status.model ?? "none (ATELIER_EMBEDDING_MODEL is not set)"}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">pgvector</dt>
            <dd className="mt-1">{status.pgvector ? "yes: chunks keep their embeddings" : "no"}</dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
