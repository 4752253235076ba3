import { afterAll, describe, expect, it } from "vitest";
import { provision, releaseDatabase } from "./support/workspace";

// Settings says whether semantic search is on (lib/ingest/embed.ts semanticSearchStatus), detected
// on the database at run time: here the suite's own database, whose catalog the expectation is
// read from independently (local Postgres 15 has no pgvector; the embedded PGlite has it).

afterAll(async () => {
  delete process.env.ATELIER_EMBEDDING_MODEL;
  (await import("@/lib/env")).resetEnvForTests();
  await releaseDatabase();
});

async function statusWith(model: string | undefined) {
  return provision(async (lib) => {
    if (model) process.env.ATELIER_EMBEDDING_MODEL = model;
    else delete process.env.ATELIER_EMBEDDING_MODEL;
    (await import("@/lib/env")).resetEnvForTests();
    const { semanticSearchStatus } = await import("@/lib/ingest/embed");
    const { rows } = await lib.db.getPool().query<{ column: boolean; available: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'chunks' AND column_name = 'embedding') AS column,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
    );
    return { status: await semanticSearchStatus(), catalog: rows[0]! };
  });
}

describe("semantic search status", () => {
  it("reports the model and the database's pgvector as they are", async () => {
    const { status, catalog } = await statusWith("openai/text-embedding-3-small");
    expect(status.pgvector).toBe(catalog.column);
    expect(status.model).toBe("openai/text-embedding-3-small");
    if (catalog.column) {
      expect(status).toMatchObject({ on: true, summary: "Semantic search: on (openai/text-embedding-3-small, pgvector)" });
    } else {
      expect(status.on).toBe(false);
      expect(status.summary).toBe(
        catalog.available ? "Semantic search: off: the chunks table has no pgvector column" : "Semantic search: off: the database lacks the pgvector extension",
      );
    }
  });

  it("is off without an embedding model, whatever the database", async () => {
    const { status, catalog } = await statusWith(undefined);
    expect(status).toMatchObject({ on: false, model: null, pgvector: catalog.column });
    expect(status.summary).toMatch(/^Semantic search: off: no embedding model configured/);
  });
});
