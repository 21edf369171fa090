import { Random } from "../../src/train/random.ts";

/** A seeded uniform source in [0, 1) for tests, so failures reproduce: src/train/random.ts's mulberry32. */
export function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

/** n values uniform in [−scale, scale). */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (r() * 2 - 1) * scale;
  return a;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
