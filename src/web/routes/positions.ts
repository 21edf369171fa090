/**
 * Page 4, Positions: the two ways a Transformer learns where a token is, computed with src/nn's own
 * code (nn/positions.ts's sinusoidal table, nn/rope.ts's Rope).
 *
 *   POST /api/positions/sinusoidal  { count, dim, base? }
 *        → { table: PE[p][j] }   PE[p, 2i] = sin(p / base^(2i/d)),  PE[p, 2i+1] = cos(…)
 *   POST /api/positions/rope        { headDim, theta, count, pair, layout? }
 *        → { freqs: θᵢ, angles: p·θ_pair, points: [(x, y) of the pair (1, 0) rotated to position p] }
 *   POST /api/positions/distance    { dim, base?, theta?, maxDistance, offset? }
 *        → { distances, sinusoidal: PE[o]·PE[o+Δ], rope: R(o)q · R(o+Δ)k }
 *
 * For RoPE's q·k, q = k = (1, …, 1)/√d, as RoFormer §3.4.3 plots its long-term decay; the score
 * depends on Δ only, whatever the offset o (change it on the page: the curve stays).
 */
import { sinusoidalPositions } from "../../nn/positions.ts";
import { Rope } from "../../nn/rope.ts";
import { badField } from "../../server/http-error.ts";
import { choiceField, intField, numberField } from "../fields.ts";
import type { LabRoute } from "../lab-route.ts";

const MAX_POSITIONS = 512;
const MAX_DIM = 1024;

function evenDim(body: unknown, name: string): number {
  const d = intField(body, name, { min: 2, max: MAX_DIM });
  if (d % 2 !== 0) throw badField(name, "must be even (entries go in pairs)");
  return d;
}

/** One vector (dim) rotated by RoPE to `position`, with nn/rope.ts's Rope. */
function rotated(rope: Rope, v: Float32Array, position: number): Float32Array {
  const x = v.slice(); // (1 token, 1 head, headDim)
  rope.apply(x, 1, 1, position);
  return x;
}

export const routes: LabRoute[] = [
  {
    method: "POST",
    path: "/api/positions/sinusoidal",
    handler: (_ctx, req) => {
      const count = intField(req.body, "count", { min: 1, max: MAX_POSITIONS });
      const dim = evenDim(req.body, "dim");
      const base = numberField(req.body, "base", { min: 2, max: 1e9, default: 10000 });
      const pe = sinusoidalPositions(count, dim, base); // (count, dim)
      const table = Array.from({ length: count }, (_, p) => Array.from(pe.subarray(p * dim, (p + 1) * dim)));
      return { count, dim, base, table };
    },
  },
  {
    method: "POST",
    path: "/api/positions/rope",
    handler: (_ctx, req) => {
      const headDim = evenDim(req.body, "headDim");
      const theta = numberField(req.body, "theta", { min: 2, max: 1e9, default: 10000 });
      const count = intField(req.body, "count", { min: 1, max: MAX_POSITIONS });
      const pair = intField(req.body, "pair", { min: 0, max: headDim / 2 - 1 });
      const layout = choiceField(req.body, "layout", ["neox", "interleaved"] as const, "neox");
      const rope = new Rope({ headDim, theta, layout });
      // Pair `pair` starts as (1, 0): where its two entries sit depends on the layout.
      const a = layout === "interleaved" ? 2 * pair : pair;
      const b = layout === "interleaved" ? a + 1 : pair + headDim / 2;
      const start = new Float32Array(headDim);
      start[a] = 1;
      const points = Array.from({ length: count }, (_, p) => {
        const x = rotated(rope, start, p);
        return [x[a], x[b]];
      });
      return {
        headDim,
        theta,
        layout,
        pair,
        freqs: Array.from(rope.freqs),
        angles: Array.from({ length: count }, (_, p) => p * rope.freqs[pair]),
        points,
      };
    },
  },
  {
    method: "POST",
    path: "/api/positions/distance",
    handler: (_ctx, req) => {
      const dim = evenDim(req.body, "dim");
      const base = numberField(req.body, "base", { min: 2, max: 1e9, default: 10000 });
      const theta = numberField(req.body, "theta", { min: 2, max: 1e9, default: 10000 });
      const maxDistance = intField(req.body, "maxDistance", { min: 1, max: MAX_POSITIONS });
      const offset = intField(req.body, "offset", { min: 0, max: MAX_POSITIONS, default: 0 });
      const pe = sinusoidalPositions(offset + maxDistance + 1, dim, base); // (offset + maxDistance + 1, dim)
      const rope = new Rope({ headDim: dim, theta, layout: "neox" });
      const ones = new Float32Array(dim).fill(1 / Math.sqrt(dim));
      const q = rotated(rope, ones, offset);
      const distances = Array.from({ length: maxDistance + 1 }, (_, d) => d);
      const dot = (x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number) => {
        let s = 0;
        for (let j = 0; j < dim; j++) s += x[xo + j] * y[yo + j];
        return s;
      };
      return {
        dim,
        base,
        theta,
        offset,
        distances,
        sinusoidal: distances.map((d) => dot(pe, offset * dim, pe, (offset + d) * dim)),
        rope: distances.map((d) => dot(q, 0, rotated(rope, ones, offset + d), 0)),
      };
    },
  },
];
