-- CreateTable
CREATE TABLE "assistant_tests" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "assistant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tags" JSON NOT NULL DEFAULT '[]',
    "turns" JSON NOT NULL,
    "mock_outputs" JSON,
    "assertions" JSON NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistant_tests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assistant_tests_assistant_id_created_at_id_idx" ON "assistant_tests"("assistant_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "assistant_tests" ADD CONSTRAINT "assistant_tests_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
