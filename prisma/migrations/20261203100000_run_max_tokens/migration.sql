-- Model Studio's assistant `max_tokens` (tokens per model response), kept on the run with the
-- other settings it was made with, so a run resumed after tool outputs keeps the same cap.
-- atelier_insert_run fills it from its JSON argument (json_populate_record over runs).
ALTER TABLE "runs" ADD COLUMN "max_tokens" INTEGER;
