import { z } from "@/lib/zod";
import { listQuerySchema } from "@/lib/pagination";

// GET /assistants/{id}/tests: the usual list query, and a tag to narrow it. Apart from the test
// schema because pagination brings lib/ids (node:crypto) with it, which the console must not bundle.

export const testListQuerySchema = listQuerySchema.extend({
  /** Only tests with this tag. */
  tag: z.string().trim().min(1).max(64).optional(),
});
export type TestListQuery = z.output<typeof testListQuerySchema>;
