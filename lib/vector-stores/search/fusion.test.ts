import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuseRankings, keywordRelevance, RRF_K, selectResults, semanticRelevance, type RankedHit } from "@/lib/vector-stores/search/fusion";

const hits = (...ids: string[]): RankedHit[] => ids.map((id) => ({ id, relevance: 1 }));

describe("relevance mappings", () => {
  it("maps ts_rank_cd to 0–1 with one term occurrence (0.1) at one half", () => {
    expect(keywordRelevance(0)).toBe(0);
    expect(keywordRelevance(-1)).toBe(0);
    expect(keywordRelevance(Number.NaN)).toBe(0);
    expect(keywordRelevance(0.1)).toBeCloseTo(0.5);
    expect(keywordRelevance(0.2)).toBeCloseTo(2 / 3);
    expect(keywordRelevance(0.9)).toBeCloseTo(0.9);
    expect(keywordRelevance(1e9)).toBeLessThanOrEqual(1);
    fc.assert(fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (a, b) => {
      if (a < b) expect(keywordRelevance(a)).toBeLessThanOrEqual(keywordRelevance(b));
    }));
  });

  it("ranks a chunk with more of the query's terms above any with fewer, and keeps one term's scale", () => {
    expect(keywordRelevance(0.1, 1, 1)).toBeCloseTo(0.5);
    expect(keywordRelevance(0.3, 3, 3)).toBeCloseTo((2 + 0.75) / 3);
    expect(keywordRelevance(0.1, 1, 2)).toBeCloseTo(0.25);
    // "install" ten times is worth less than three different terms once each.
    expect(keywordRelevance(1, 1, 3)).toBeLessThan(keywordRelevance(0.3, 3, 3));
    expect(keywordRelevance(0.1, 0, 3)).toBe(keywordRelevance(0.1, 1, 3));
    expect(keywordRelevance(0.1, 9, 3)).toBe(keywordRelevance(0.1, 3, 3));
    expect(keywordRelevance(0.1, 1, 0)).toBe(0);
    expect(keywordRelevance(0, 3, 3)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e6, noNaN: true }), (n, m, r1, r2) => {
        const matched = Math.min(m, n);
        const score = keywordRelevance(r1, matched, n);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThan(1);
        if (matched < n) expect(score).toBeLessThan(keywordRelevance(r2, matched + 1, n));
      }),
    );
  });

  it("maps cosine distance to cosine similarity, floored at 0", () => {
    expect(semanticRelevance(0)).toBe(1);
    expect(semanticRelevance(0.25)).toBe(0.75);
    expect(semanticRelevance(1)).toBe(0);
    expect(semanticRelevance(1.7)).toBe(0);
    expect(semanticRelevance(-0.0000001)).toBe(1);
    expect(semanticRelevance(Number.NaN)).toBe(0);
  });
});

describe("fuseRankings", () => {
  it("with one ranking, keeps its order and its relevances as scores", () => {
    const fused = fuseRankings([[{ id: "a", relevance: 0.9 }, { id: "b", relevance: 0.4 }, { id: "a", relevance: 0.1 }]]);
    expect(fused).toEqual([
      { id: "a", score: 0.9, ranks: [1] },
      { id: "b", score: 0.4, ranks: [2] },
    ]);
  });

  it("scores 1 only for a hit first in every ranking with relevance 1, and halves a hit one ranking lacks", () => {
    const fused = fuseRankings([hits("a", "b"), hits("a", "c")]);
    expect(fused[0]).toEqual({ id: "a", score: 1, ranks: [1, 1] });
    const b = fused.find((hit) => hit.id === "b")!;
    expect(b.score).toBeCloseTo((0.5 * (RRF_K + 1)) / (RRF_K + 2));
    expect(b.ranks).toEqual([2, null]);
  });

  it("puts what both rankings found above what only one found near the top", () => {
    const keyword = hits("k1", "both", "k2");
    const semantic = hits("s1", "s2", "both");
    expect(fuseRankings([keyword, semantic])[0]!.id).toBe("both");
  });

  it("lets weak relevance pull a hit down, so a threshold drops poor matches", () => {
    const keyword = [{ id: "strong", relevance: 0.8 }];
    const semantic = [{ id: "weak", relevance: 0.15 }, { id: "strong", relevance: 0.7 }];
    const fused = fuseRankings([keyword, semantic]);
    expect(fused.map((hit) => hit.id)).toEqual(["strong", "weak"]);
    expect(selectResults(fused, { scoreThreshold: 0.5, maxResults: 10 }).map((hit) => hit.id)).toEqual(["strong"]);
  });

  it("honours weights and k", () => {
    const fused = fuseRankings([hits("a"), hits("b")], { weights: [3, 1] });
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([["a", 0.75], ["b", 0.25]]);
    expect(fuseRankings([hits("x", "y"), hits("x", "y")], { k: 0 })[1]!.score).toBeCloseTo(0.5);
    expect(() => fuseRankings([hits("a")], { weights: [1, 2] })).toThrow(RangeError);
  });

  const ranking = fc.uniqueArray(fc.record({ id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), relevance: fc.double({ min: 0, max: 1, noNaN: true }) }), {
    selector: (hit) => hit.id,
    maxLength: 8,
  });

  it("keeps scores in 0–1, descending, one per distinct hit", () => {
    fc.assert(
      fc.property(fc.array(ranking, { minLength: 1, maxLength: 3 }), (rankings) => {
        const fused = fuseRankings(rankings);
        expect(new Set(fused.map((hit) => hit.id))).toEqual(new Set(rankings.flat().map((hit) => hit.id)));
        for (const hit of fused) {
          expect(hit.score).toBeGreaterThanOrEqual(0);
          expect(hit.score).toBeLessThanOrEqual(1);
        }
        for (let i = 1; i < fused.length; i++) expect(fused[i]!.score).toBeLessThanOrEqual(fused[i - 1]!.score);
      }),
    );
  });

  it("orders as plain reciprocal rank fusion when every relevance is the same", () => {
    fc.assert(
      fc.property(fc.array(ranking, { minLength: 2, maxLength: 3 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (rankings, relevance) => {
        const same = rankings.map((r) => r.map((hit) => ({ id: hit.id, relevance })));
        const plain = new Map<string, number>();
        for (const r of same) r.forEach((hit, i) => plain.set(hit.id, (plain.get(hit.id) ?? 0) + 1 / (RRF_K + i + 1)));
        const scores = fuseRankings(same).map((hit) => plain.get(hit.id)!);
        for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]! + 1e-12);
      }),
    );
  });

  it("never lowers a hit's score when its relevance in a ranking rises", () => {
    fc.assert(
      fc.property(fc.array(ranking.filter((r) => r.length > 0), { minLength: 2, maxLength: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), (rankings, boost) => {
        const target = rankings[0]![0]!;
        const before = fuseRankings(rankings).find((hit) => hit.id === target.id)!.score;
        const raised = [[{ ...target, relevance: Math.max(target.relevance, boost) }, ...rankings[0]!.slice(1)], ...rankings.slice(1)];
        const after = fuseRankings(raised).find((hit) => hit.id === target.id)!.score;
        expect(after).toBeGreaterThanOrEqual(before - 1e-12);
      }),
    );
  });
});

describe("selectResults", () => {
  it("keeps scores at or above the threshold, at most maxResults of them", () => {
    const scored = [0.9, 0.5, 0.5, 0.2].map((score, i) => ({ id: i, score }));
    expect(selectResults(scored, { scoreThreshold: 0.5, maxResults: 10 }).map((hit) => hit.id)).toEqual([0, 1, 2]);
    expect(selectResults(scored, { maxResults: 2 }).map((hit) => hit.id)).toEqual([0, 1]);
  });
});
