-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "assistant_version" INTEGER;

-- CreateTable
CREATE TABLE "assistant_versions" (
    "assistant_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "snapshot" JSON NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "created_by_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistant_versions_pkey" PRIMARY KEY ("assistant_id","version")
);

-- CreateTable
CREATE TABLE "assistant_labels" (
    "assistant_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistant_labels_pkey" PRIMARY KEY ("assistant_id","label")
);

-- AddForeignKey
ALTER TABLE "assistant_versions" ADD CONSTRAINT "assistant_versions_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_labels" ADD CONSTRAINT "assistant_labels_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Assistants made before versions were kept: their current state becomes the version they are at
-- (earlier changes were not kept). Keys as lib/assistants/versions-core.ts SNAPSHOT_FIELDS.
INSERT INTO "assistant_versions" ("assistant_id", "version", "workspace_id", "snapshot", "source", "note", "created_by", "created_at")
SELECT "id", "version", "workspace_id",
       json_build_object('name', "name", 'description', "description", 'model', "model", 'instructions', "instructions",
         'temperature', "temperature", 'topP', "top_p", 'topK', "top_k", 'maxTokens', "max_tokens", 'reasoningEffort', "reasoning_effort",
         'tools', "tools", 'toolResources', "tool_resources", 'metadata', "metadata", 'responseFormat', "response_format",
         'userId', "user_id", 'webhookUrl', "webhook_url", 'mockOutputs', "mock_outputs"),
       'console', 'The assistant as it was when Atelier began keeping versions', 'Atelier', "updated_at"
  FROM "assistants";
