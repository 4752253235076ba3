-- Files, vector stores and file search (issue 19): every table the Files API, vector stores,
-- ingestion and search use, defined at once. Written by `npm run db:diff`, then edited by hand where
-- Prisma's schema cannot say it:
--  - chunks.tsv is GENERATED from the chunk's text with the 'english' text search configuration
--    (stemming and English stop words: a model's questions match "refunds" to "refund" and drop
--    "what is the"); a search must build its tsquery with 'english' too;
--  - chunks.embedding (pgvector's `vector`, no fixed dimension) is added only where the `vector`
--    extension is available (the embedded PGlite loads it; a server without pgvector gets no column),
--    see the block at the end.

-- CreateTable
CREATE TABLE "files" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "purpose" TEXT,
    "status" TEXT NOT NULL DEFAULT 'uploading',
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "mime_type" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_parts" (
    "file_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "file_parts_pkey" PRIMARY KEY ("file_id","seq")
);

-- CreateTable
CREATE TABLE "workspace_storage" (
    "workspace_id" TEXT NOT NULL,
    "file_bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "workspace_storage_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "file_texts" (
    "file_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "extractor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_texts_pkey" PRIMARY KEY ("file_id")
);

-- CreateTable
CREATE TABLE "vector_stores" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT,
    "status" TEXT NOT NULL DEFAULT 'completed',
    "usage_bytes" BIGINT NOT NULL DEFAULT 0,
    "expires_after" JSON,
    "expires_at" TIMESTAMPTZ(3),
    "last_active_at" TIMESTAMPTZ(3),
    "metadata" JSON NOT NULL DEFAULT '{}',
    "thread_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vector_stores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vector_store_files" (
    "vector_store_id" TEXT NOT NULL,
    "file_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "last_error" JSON,
    "usage_bytes" BIGINT NOT NULL DEFAULT 0,
    "chunking_strategy" JSON,
    "attributes" JSONB,
    "batch_id" TEXT,
    "chunk_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vector_store_files_pkey" PRIMARY KEY ("vector_store_id","file_id")
);

-- CreateTable
CREATE TABLE "vector_store_file_batches" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "vector_store_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vector_store_file_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chunks" (
    "id" BIGSERIAL NOT NULL,
    "vector_store_id" TEXT NOT NULL,
    "file_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "token_count" INTEGER NOT NULL,
    "start_offset" INTEGER NOT NULL,
    "end_offset" INTEGER NOT NULL,
    "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED,

    CONSTRAINT "chunks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "files_workspace_id_created_at_id_idx" ON "files"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "files_status_updated_at_idx" ON "files"("status", "updated_at");

-- CreateIndex
CREATE INDEX "files_expires_at_idx" ON "files"("expires_at");

-- CreateIndex
CREATE INDEX "vector_stores_workspace_id_created_at_id_idx" ON "vector_stores"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "vector_stores_thread_id_idx" ON "vector_stores"("thread_id");

-- CreateIndex
CREATE INDEX "vector_store_files_vector_store_id_created_at_file_id_idx" ON "vector_store_files"("vector_store_id", "created_at", "file_id");

-- CreateIndex
CREATE INDEX "vector_store_files_file_id_idx" ON "vector_store_files"("file_id");

-- CreateIndex
CREATE INDEX "vector_store_files_batch_id_idx" ON "vector_store_files"("batch_id");

-- CreateIndex
CREATE INDEX "vector_store_file_batches_vector_store_id_created_at_id_idx" ON "vector_store_file_batches"("vector_store_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "chunks_tsv_idx" ON "chunks" USING GIN ("tsv");

-- CreateIndex
CREATE UNIQUE INDEX "chunks_vector_store_id_file_id_seq_key" ON "chunks"("vector_store_id", "file_id", "seq");

-- AddForeignKey
ALTER TABLE "files" ADD CONSTRAINT "files_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_parts" ADD CONSTRAINT "file_parts_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_storage" ADD CONSTRAINT "workspace_storage_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_texts" ADD CONSTRAINT "file_texts_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_stores" ADD CONSTRAINT "vector_stores_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_stores" ADD CONSTRAINT "vector_stores_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_store_files" ADD CONSTRAINT "vector_store_files_vector_store_id_fkey" FOREIGN KEY ("vector_store_id") REFERENCES "vector_stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_store_files" ADD CONSTRAINT "vector_store_files_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_store_files" ADD CONSTRAINT "vector_store_files_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "vector_store_file_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vector_store_file_batches" ADD CONSTRAINT "vector_store_file_batches_vector_store_id_fkey" FOREIGN KEY ("vector_store_id") REFERENCES "vector_stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_vector_store_id_file_id_fkey" FOREIGN KEY ("vector_store_id", "file_id") REFERENCES "vector_store_files"("vector_store_id", "file_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pgvector where the server has it: CREATE EXTENSION needs the extension's files installed, which
-- plain Postgres 15 packages do not have, and the column must not make the migration fail there.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        CREATE EXTENSION IF NOT EXISTS vector;
        ALTER TABLE "chunks" ADD COLUMN "embedding" vector;
    END IF;
END
$$;
