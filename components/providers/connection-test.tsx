"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { testProvider } from "@/app/(console)/settings/providers/actions";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { ConnectionTest } from "@/lib/providers/service";

/** "Test connection": GET {baseUrl}/models through the server, with the stored key. */
export function useConnectionTest(providerId: string) {
  const router = useRouter();
  return useMutation<ConnectionTest, Error>({
    mutationFn: async () => {
      const result = await testProvider({ id: providerId });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    // A success refreshed the cached model list: the page's count and "last tested" follow.
    onSuccess: (test) => {
      if (test.ok) router.refresh();
    },
  });
}

type ConnectionResultProps = { name: string; test: ReturnType<typeof useConnectionTest> };

/** The outcome, announced politely: status, latency and the models found, or the error. */
export function ConnectionResult({ name, test }: ConnectionResultProps) {
  const { data, error, isPending } = test;
  let body: React.ReactNode = null;
  if (isPending) body = <p className="text-muted-foreground">Testing the connection…</p>;
  else if (error) body = <p className="text-destructive">Could not test the connection: {error.message}</p>;
  else if (data) {
    const facts = [data.status !== null ? `HTTP ${data.status}` : null, `${data.latencyMs} ms`].filter(Boolean).join(", ");
    body = data.ok ? (
      <div className="flex flex-col gap-2">
        <p>
          <span className="font-medium text-success">Connected</span> ({facts}): {data.models.length} {data.models.length === 1 ? "model" : "models"} found.
        </p>
        {data.models.length > 0 ? (
          <ul aria-label={`Models found at ${name}`} className="flex max-h-40 flex-wrap gap-1.5 overflow-y-auto">
            {data.models.map((model) => (
              <li key={model}>
                <Badge mono>{model}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    ) : (
      <p>
        <span className="font-medium text-destructive">Connection failed</span> ({facts}): {data.error}
      </p>
    );
  }
  return (
    <div
      role="status"
      aria-label={`Connection test of ${name}`}
      className={cn("text-sm", body ? "rounded-lg border px-3 py-2" : "sr-only", data && !data.ok && "border-destructive/40 bg-destructive-muted")}
    >
      {body}
    </div>
  );
}
