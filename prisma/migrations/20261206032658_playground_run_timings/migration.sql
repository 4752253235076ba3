-- Each model call of a run (its start, first token, end and completion tokens, in ms since the
-- epoch), written with the run's status when a segment ends: the run inspector's timings after a
-- reload come from here. atelier_insert_run (json_populate_record over runs) leaves it NULL.
-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "model_calls" JSON;

-- The assistant whose playground created a thread: its thread list shows the thread before it
-- has a run of that assistant. Console bookkeeping, not part of the API's thread object.
-- AlterTable
ALTER TABLE "threads" ADD COLUMN     "playground_assistant_id" TEXT;
