import type { Page } from "@/lib/pagination";

// Pieces of the API's wire format that every resource shares (assistants now; threads, messages,
// runs next): unix-second timestamps and the list envelope.

export const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export type ListObject<T> = { object: "list"; data: T[]; first_id: string | null; last_id: string | null; has_more: boolean };

/** A page of rows as the API's list object, each row mapped to its API object. */
export function toListObject<Row, T extends { id: string }>(page: Page<Row>, toObject: (row: Row) => T): ListObject<T> {
  const data = page.data.map(toObject);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: page.hasMore,
  };
}
