import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";
import { neighbourCursors } from "@/lib/pagination-links";
import type { ListObject } from "@/lib/wire";

type ListPaginationProps = {
  /** The list page's path, with any filters in its query; the cursor is added to them. */
  basePath: string;
  /** The page as the API returns it. */
  list: Pick<ListObject<unknown>, "first_id" | "last_id" | "has_more">;
  /** Which cursor produced this page; decides what `has_more` is about. */
  readWith: "after" | "before" | null;
};

/** Newer/Older links over the newest-first list (`before` = newer, `after` = older). */
export function ListPagination({ basePath, list, readWith }: ListPaginationProps) {
  const { before, after } = neighbourCursors(list, readWith);
  const join = basePath.includes("?") ? "&" : "?";
  if (!before && !after) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      <PageLink href={before && `${basePath}${join}before=${encodeURIComponent(before)}`}>
        <ChevronLeftIcon />
        Newer
      </PageLink>
      <PageLink href={after && `${basePath}${join}after=${encodeURIComponent(after)}`}>
        Older
        <ChevronRightIcon />
      </PageLink>
    </nav>
  );
}

/** A link, or a disabled button where there is no page: announced as unavailable, skipped by Tab. */
function PageLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  const classes = buttonClasses({ variant: "outline", size: "sm" });
  return href ? (
    <Link href={href} className={classes}>
      {children}
    </Link>
  ) : (
    <button type="button" disabled className={classes}>
      {children}
    </button>
  );
}
