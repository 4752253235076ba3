import { z } from "@/lib/zod";
import { listQuerySchema } from "@/lib/pagination";

// GET /assistants/{id}/tests: the usual list query, and a tag to narrow it. Apart from the test
// schema because pagination brings lib/ids (node:crypto) with it, which the console must not bundle.

export const testListQuerySchema = listQuerySchema.extend({
  /** Only tests with this tag. */
  tag: z.string().trim().min(1).max(64).optional(),
});
export type TestListQuery = z.output<typeof testListQuerySchema>;

/** GET …/test_runs/{id}/results: the usual list query (oldest first by default: the order tests ran), and a status. */
export const testResultListQuerySchema = listQuerySchema.extend({
  order: z.enum(["asc", "desc"], { message: "must be 'asc' or 'desc'" }).default("asc"),
  status: z.enum(["queued", "running", "passed", "failed", "errored", "cancelled"], { message: "must be one of queued, running, passed, failed, errored, cancelled" }).optional(),
});
export type TestResultListQuery = z.output<typeof testResultListQuerySchema>;
