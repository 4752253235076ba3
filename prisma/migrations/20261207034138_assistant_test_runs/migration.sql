-- CreateTable
CREATE TABLE "assistant_test_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "assistant_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version_requested" TEXT,
    "assistant_version" INTEGER NOT NULL,
    "overrides" JSON,
    "repeat" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "judge_model" TEXT,
    "trigger" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "last_error" TEXT,
    "resumes" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "assistant_test_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistant_test_results" (
    "id" TEXT NOT NULL,
    "test_run_id" TEXT NOT NULL,
    "test_id" TEXT NOT NULL,
    "test_name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "spec" JSON NOT NULL,
    "thread_id" TEXT,
    "turns" JSON NOT NULL DEFAULT '[]',
    "outcomes" JSON NOT NULL DEFAULT '[]',
    "usage" JSON,
    "latency_ms" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "assistant_test_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assistant_test_runs_assistant_id_created_at_id_idx" ON "assistant_test_runs"("assistant_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "assistant_test_runs_status_created_at_idx" ON "assistant_test_runs"("status", "created_at");

-- CreateIndex
CREATE INDEX "assistant_test_results_test_run_id_created_at_id_idx" ON "assistant_test_results"("test_run_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "assistant_test_results_test_run_id_test_id_attempt_key" ON "assistant_test_results"("test_run_id", "test_id", "attempt");

-- AddForeignKey
ALTER TABLE "assistant_test_runs" ADD CONSTRAINT "assistant_test_runs_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_test_results" ADD CONSTRAINT "assistant_test_results_test_run_id_fkey" FOREIGN KEY ("test_run_id") REFERENCES "assistant_test_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
