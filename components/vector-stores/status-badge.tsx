import { Badge } from "@/components/ui/badge";

// One look per status, for stores (completed, in_progress, expired) and their files (completed,
// in_progress, failed, cancelled). The API's word, spaced for reading.

const VARIANTS: Record<string, "neutral" | "success" | "destructive" | "outline"> = {
  completed: "success",
  in_progress: "neutral",
  failed: "destructive",
  expired: "destructive",
  cancelled: "outline",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANTS[status] ?? "outline"}>{status.replace("_", " ")}</Badge>;
}
