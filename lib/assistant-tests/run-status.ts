// A test run's statuses and request limits, free of imports: the console's bundles take these
// without the request schema (which reaches lib/pagination and node:crypto through the versions' schema).

export const TEST_RUN_LIMITS = { repeat: 20, tests: 200, concurrency: 16 } as const;

export const TEST_RUN_STATUSES = ["queued", "in_progress", "completed", "cancelled", "failed"] as const;
export type TestRunStatus = (typeof TEST_RUN_STATUSES)[number];
export const isTestRunOver = (status: string) => status === "completed" || status === "cancelled" || status === "failed";
