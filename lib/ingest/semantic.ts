// Whether vector store search ranks by meaning as well as by keywords, and why not, in the words
// Settings shows (components/settings/file-search-card.tsx). Pure: lib/ingest/embed.ts gathers the
// facts. Semantic ranking needs both an embedding model (ATELIER_EMBEDDING_MODEL) and somewhere to
// keep vectors: the `chunks.embedding` column, which the migration adds only where the database
// has pgvector (the embedded PGlite does; plain Postgres packages do not).

export type SemanticFacts = {
  /** ATELIER_EMBEDDING_MODEL, or null. */
  model: string | null;
  /** `chunks.embedding` exists. */
  column: boolean;
  /** pgvector on the database server: created in this database, available to create, or neither (null: could not tell). */
  extension: "installed" | "available" | "missing" | null;
};

export type SemanticStatus = { on: boolean; model: string | null; pgvector: boolean; summary: string; detail: string };

const ADD_COLUMN = "CREATE EXTENSION IF NOT EXISTS vector; ALTER TABLE chunks ADD COLUMN embedding vector;";

export function describeSemanticSearch({ model, column, extension }: SemanticFacts): SemanticStatus {
  const base = { model, pgvector: column };
  if (model && column) {
    return { ...base, on: true, summary: `Semantic search: on (${model}, pgvector)`, detail: "Files are embedded as they are ingested; search ranks by meaning and by keywords together." };
  }
  // The column is what counts: pgvector installed after Atelier's tables were made left them without it.
  const late = !column && (extension === "installed" || extension === "available");
  const noVectors = late ? "the chunks table has no pgvector column" : "the database lacks the pgvector extension";
  const howToVectors = late
    ? `pgvector is on the database server, but Atelier's chunks table was created before it: run \`${ADD_COLUMN}\` on the database, then restart Atelier.`
    : "Install pgvector on the Postgres server, then run `" + ADD_COLUMN + "` on the database and restart Atelier (the embedded database has it already).";
  const howToModel = "Set ATELIER_EMBEDDING_MODEL (e.g. openai/text-embedding-3-small) and restart Atelier.";
  if (!model && !column) return { ...base, on: false, summary: `Semantic search: off: no embedding model configured, and ${noVectors}`, detail: `Search ranks by keywords. ${howToModel} ${howToVectors}` };
  if (!model) return { ...base, on: false, summary: "Semantic search: off: no embedding model configured", detail: `Search ranks by keywords; the database has pgvector. ${howToModel}` };
  return { ...base, on: false, summary: `Semantic search: off: ${noVectors}`, detail: `Search ranks by keywords; ${model} is configured but its vectors have nowhere to go. ${howToVectors}` };
}
