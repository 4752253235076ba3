import { z } from "@/lib/zod";

// The playground's thread list and rename: shared by the sidebar's forms and the server actions.

/** Where a thread's title lives: plain metadata, so API clients see and set the same title. */
export const THREAD_TITLE_KEY = "title";
/** Metadata values are at most 512 characters (OpenAI's limit); a title is one. */
export const THREAD_TITLE_MAX = 512;

export const threadSummaryQuerySchema = z.object({
  search: z.string().max(200, "at most 200 characters").optional(),
  limit: z.number().int().min(1).max(100).default(30),
  after: z.string().min(1).max(64).optional(),
  /** Only this assistant's threads: those with a run of it, or created from its playground. */
  assistantId: z.string().min(1).max(64).optional(),
});
export type ThreadSummaryQuery = z.output<typeof threadSummaryQuerySchema>;

export const threadRenameSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().trim().max(THREAD_TITLE_MAX, `at most ${THREAD_TITLE_MAX} characters`),
});
