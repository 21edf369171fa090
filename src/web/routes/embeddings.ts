/**
 * Page 2, Embeddings: the shipped word vectors (GloVe 6B 100d, 30k words) queried with KeyedVectors.
 *
 *   GET  /api/embeddings                 → { source, count, dim }
 *   POST /api/embeddings/neighbors       { word, topn? }                → { word, neighbors: [[w, cos]…] }
 *   POST /api/embeddings/analogy         { positive, negative, topn? }  → { results: [[w, score]…] }  (3CosAdd)
 *   POST /api/embeddings/project         { words }                      → { words, points: [[x, y]…], explainedVarianceRatio }
 *   POST /api/embeddings/similarity      { words }                      → { words, matrix: cos[i][j] }
 *
 * A word outside the vocabulary is a 400 naming it (KeyedVectors' own message).
 */
import { intField, stringField, stringsField } from "../fields.ts";
import type { LabRoute } from "../lab-route.ts";

export const routes: LabRoute[] = [
  {
    method: "GET",
    path: "/api/embeddings",
    handler: (ctx) => {
      const v = ctx.vectors();
      return { source: v.source, count: v.count, dim: v.dim };
    },
  },
  {
    method: "POST",
    path: "/api/embeddings/neighbors",
    handler: (ctx, req) => {
      const word = stringField(req.body, "word", { max: 200 }).trim();
      const topn = intField(req.body, "topn", { min: 1, max: 100, default: 10 });
      return { word, neighbors: ctx.vectors().neighbors(word, topn) };
    },
  },
  {
    method: "POST",
    path: "/api/embeddings/analogy",
    handler: (ctx, req) => {
      const positive = stringsField(req.body, "positive", { min: 1, max: 10 }).map((w) => w.trim());
      const negative = stringsField(req.body, "negative", { min: 0, max: 10, default: [] }).map((w) =>
        w.trim(),
      );
      const topn = intField(req.body, "topn", { min: 1, max: 100, default: 10 });
      return { positive, negative, results: ctx.vectors().mostSimilar({ positive, negative, topn }) };
    },
  },
  {
    method: "POST",
    path: "/api/embeddings/project",
    handler: (ctx, req) => {
      const words = stringsField(req.body, "words", { min: 2, max: 60 }).map((w) => w.trim());
      const { points, explainedVarianceRatio } = ctx.vectors().project(words, 2);
      return { words, points, explainedVarianceRatio };
    },
  },
  {
    method: "POST",
    path: "/api/embeddings/similarity",
    handler: (ctx, req) => {
      const words = stringsField(req.body, "words", { min: 2, max: 20 }).map((w) => w.trim());
      const v = ctx.vectors();
      return { words, matrix: words.map((a) => words.map((b) => v.similarity(a, b))) };
    },
  },
];
