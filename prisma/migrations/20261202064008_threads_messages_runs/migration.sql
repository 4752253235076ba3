-- CreateTable
CREATE TABLE "threads" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "tool_resources" JSON NOT NULL DEFAULT '{}',
    "metadata" JSON NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "content" JSON NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'completed',
    "incomplete_details" JSON,
    "completed_at" TIMESTAMPTZ(3),
    "incomplete_at" TIMESTAMPTZ(3),
    "assistant_id" TEXT,
    "run_id" TEXT,
    "attachments" JSON NOT NULL DEFAULT '[]',
    "metadata" JSON NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "assistant_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "required_action" JSON,
    "last_error" JSON,
    "expires_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "incomplete_details" JSON,
    "model" TEXT NOT NULL,
    "instructions" TEXT NOT NULL DEFAULT '',
    "tools" JSON NOT NULL DEFAULT '[]',
    "metadata" JSON NOT NULL DEFAULT '{}',
    "usage" JSON,
    "temperature" DOUBLE PRECISION,
    "top_p" DOUBLE PRECISION,
    "top_k" INTEGER,
    "max_prompt_tokens" INTEGER,
    "max_completion_tokens" INTEGER,
    "truncation_strategy" JSON NOT NULL,
    "tool_choice" JSON NOT NULL,
    "parallel_tool_calls" BOOLEAN NOT NULL DEFAULT true,
    "response_format" JSON NOT NULL,
    "reasoning_effort" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_steps" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "assistant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "step_details" JSON NOT NULL,
    "last_error" JSON,
    "expired_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "metadata" JSON NOT NULL DEFAULT '{}',
    "usage" JSON,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "threads_workspace_id_created_at_id_idx" ON "threads"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "messages_thread_id_created_at_id_idx" ON "messages"("thread_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "messages_run_id_idx" ON "messages"("run_id");

-- CreateIndex
CREATE INDEX "runs_thread_id_created_at_id_idx" ON "runs"("thread_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "runs_status_idx" ON "runs"("status");

-- CreateIndex
CREATE INDEX "run_steps_run_id_created_at_id_idx" ON "run_steps"("run_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
