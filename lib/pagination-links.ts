// Client-safe: the console's "previous/next" links (components/ui/list-pagination.tsx) use this.

/**
 * The cursors of the pages on either side of a page, for "previous/next" links. `has_more` speaks
 * of the direction the page was read in: after a `before=` request it means "more before this",
 * otherwise "more after this". The other direction exists whenever a cursor led here.
 */
export function neighbourCursors(
  list: { first_id: string | null; last_id: string | null; has_more: boolean },
  readWith: "after" | "before" | null,
): { before: string | null; after: string | null } {
  const moreBefore = readWith === "before" ? list.has_more : readWith === "after";
  const moreAfter = readWith === "before" ? true : list.has_more;
  return { before: moreBefore ? list.first_id : null, after: moreAfter ? list.last_id : null };
}
