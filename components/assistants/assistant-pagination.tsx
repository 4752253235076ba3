import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";

type AssistantPaginationProps = {
  /** The list object's first_id / last_id / has_more, as the API returns them. */
  firstId: string | null;
  lastId: string | null;
  hasMore: boolean;
  /** Which cursor produced this page; decides what `has_more` is about. */
  cursor: "after" | "before" | null;
};

/**
 * Keyset pagination over a newest-first list. `has_more` speaks of the direction the page was
 * read in: after a `before=` request it means "more newer ones", otherwise "more older ones".
 * The opposite direction exists whenever a cursor was followed to get here.
 */
export function AssistantPagination({ firstId, lastId, hasMore, cursor }: AssistantPaginationProps) {
  const newer = firstId && (cursor === "before" ? hasMore : cursor === "after") ? `/assistants?before=${encodeURIComponent(firstId)}` : null;
  const older = lastId && (cursor === "before" ? true : hasMore) ? `/assistants?after=${encodeURIComponent(lastId)}` : null;
  if (!newer && !older) return null;

  const classes = buttonClasses({ variant: "outline", size: "sm" });
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      {newer ? (
        <Link href={newer} className={classes}>
          <ChevronLeftIcon />
          Newer
        </Link>
      ) : (
        // A disabled button, not a link to nowhere: announced as unavailable, skipped by Tab.
        <button type="button" disabled className={classes}>
          <ChevronLeftIcon />
          Newer
        </button>
      )}
      {older ? (
        <Link href={older} className={classes}>
          Older
          <ChevronRightIcon />
        </Link>
      ) : (
        <button type="button" disabled className={classes}>
          Older
          <ChevronRightIcon />
        </button>
      )}
    </nav>
  );
}
