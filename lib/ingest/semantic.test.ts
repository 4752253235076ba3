import { describe, expect, it } from "vitest";
import { describeSemanticSearch } from "@/lib/ingest/semantic";

const MODEL = "openai/text-embedding-3-small";

describe("describeSemanticSearch", () => {
  it("is on with a model and the embedding column, naming both", () => {
    expect(describeSemanticSearch({ model: MODEL, column: true, extension: "installed" })).toMatchObject({
      on: true,
      pgvector: true,
      summary: "Semantic search: on (openai/text-embedding-3-small, pgvector)",
    });
  });

  it("is off without a model, saying so", () => {
    const status = describeSemanticSearch({ model: null, column: true, extension: "installed" });
    expect(status).toMatchObject({ on: false, model: null, pgvector: true, summary: "Semantic search: off: no embedding model configured" });
    expect(status.detail).toContain("ATELIER_EMBEDDING_MODEL");
  });

  it("is off on a database without pgvector, with the model configured", () => {
    const status = describeSemanticSearch({ model: MODEL, column: false, extension: "missing" });
    expect(status).toMatchObject({ on: false, pgvector: false, summary: "Semantic search: off: the database lacks the pgvector extension" });
    expect(status.detail).toContain("Install pgvector");
  });

  it("tells pgvector installed after the tables apart: the column is missing, not the extension", () => {
    for (const extension of ["installed", "available"] as const) {
      const status = describeSemanticSearch({ model: MODEL, column: false, extension });
      expect(status.summary).toBe("Semantic search: off: the chunks table has no pgvector column");
      expect(status.detail).toContain("ALTER TABLE chunks ADD COLUMN embedding vector");
    }
  });

  it("names both reasons when both are missing, and an unknown extension state as missing", () => {
    expect(describeSemanticSearch({ model: null, column: false, extension: null }).summary).toBe(
      "Semantic search: off: no embedding model configured, and the database lacks the pgvector extension",
    );
  });
});
