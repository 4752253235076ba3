-- Every search scans chunks.tsv's GIN index (lib/vector-stores/search), and GIN's fast update keeps
-- new entries in a pending list that each scan reads in full until (auto)vacuum merges it: up to
-- gin_pending_list_limit, 4 MB by default. After ingesting bench:files' 65,000 chunks it held 464
-- pages, which every index scan of a search walked (5-25 ms each on a loaded machine). 64 kB, the
-- least Postgres allows, bounds it to ~8 pages; inserts then merge it in small steps, at no cost
-- measurable in ingestion (the 65,000 chunks' inserts took 7.2 s with 4 MB, 7.5 s with 64 kB,
-- 22 s with fastupdate off). Prisma's schema cannot say this; `db:diff` leaves it alone.
ALTER INDEX "chunks_tsv_idx" SET (gin_pending_list_limit = 64);

-- What a database already has pending goes into the index now, not at its next insert.
SELECT gin_clean_pending_list('chunks_tsv_idx'::regclass);
