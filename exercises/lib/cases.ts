/**
 * The seeded cases each exercise is checked on: the reader's functions and the reference solution
 * run on the same inputs, and the outputs must agree (numbers to a stated tolerance).
 */
import * as attentionRef from "../solutions/attention.ts";
import * as bpeRef from "../solutions/bpe.ts";
import * as kvRef from "../solutions/kv-cache.ts";
import * as ropeRef from "../solutions/rope.ts";
import * as topPRef from "../solutions/top-p.ts";

export interface Case {
  name: string;
  /** Throws (or returns a message) when the reader's version disagrees with the reference. */
  run: () => string | undefined;
}

/** Mulberry32: seeded uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/** undefined when |a − b| ≤ tol everywhere, else where they first differ. */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): string | undefined {
  if (!got || got.length !== want.length) return `expected ${want.length} numbers, got ${got?.length}`;
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol))
      return `entry ${i}: expected ${want[i].toFixed(6)}, got ${Number(got[i]).toFixed(6)} (tolerance ${tol})`;
  return undefined;
}

const same = (got: unknown, want: unknown): string | undefined => {
  const [g, w] = [JSON.stringify(got), JSON.stringify(want)];
  const cut = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
  return g === w ? undefined : `expected ${cut(w)}, got ${cut(g ?? "undefined")}`;
};

/** Words of a made-up text, seeded (so repeated pairs exist to merge). */
function text(seed: number, words: number): string {
  const r = rng(seed);
  const vocab = ["low", "lower", "newest", "widest", "通关", "注意力", "token", "the"];
  return Array.from({ length: words }, () => vocab[Math.floor(r() * vocab.length)]).join(" ");
}

type Bpe = typeof bpeRef;
function bpeCases(mine: Bpe): Case[] {
  const ids = Array.from(new TextEncoder().encode("aaabdaaabac"));
  return [
    {
      name: "getStats([1, 2, 3, 1, 2])",
      run: () => same([...mine.getStats([1, 2, 3, 1, 2])], [...bpeRef.getStats([1, 2, 3, 1, 2])]),
    },
    {
      name: `getStats of "aaabdaaabac"'s bytes`,
      run: () => same([...mine.getStats(ids)], [...bpeRef.getStats(ids)]),
    },
    {
      name: "merge([1, 2, 3, 1, 2], [1, 2], 4)",
      run: () => same(mine.merge([1, 2, 3, 1, 2], [1, 2], 4), bpeRef.merge([1, 2, 3, 1, 2], [1, 2], 4)),
    },
    {
      name: "merge of an overlapping run: [7, 7, 7], [7, 7]",
      run: () => same(mine.merge([7, 7, 7], [7, 7], 256), bpeRef.merge([7, 7, 7], [7, 7], 256)),
    },
    {
      name: 'train("aaabdaaabac", 3) (Wikipedia\'s example)',
      run: () => same(mine.train("aaabdaaabac", 3), bpeRef.train("aaabdaaabac", 3)),
    },
    ...[1, 2].map((seed) => ({
      name: `train on seeded text ${seed} (200 words, 30 merges)`,
      run: () => same(mine.train(text(seed, 200), 30), bpeRef.train(text(seed, 200), 30)),
    })),
    ...[3, 4].map((seed) => ({
      name: `encode seeded text ${seed} with merges learned from text 1`,
      run: () => {
        const merges = bpeRef.train(text(1, 200), 30);
        return same(mine.encode(text(seed, 40), merges), bpeRef.encode(text(seed, 40), merges));
      },
    })),
  ];
}

function attentionCases(mine: typeof attentionRef): Case[] {
  return [
    [1, 4, false],
    [4, 4, true],
    [7, 8, true],
    [7, 8, false],
    [16, 16, true],
  ].map(([n, d, causal], c) => ({
    name: `n = ${n}, d = ${d}, ${causal ? "causal" : "no mask"} (seed ${c + 1})`,
    run: () => {
      const [q, k, v] = [0, 1, 2].map((i) => randomArray((n as number) * (d as number), 10 * c + i));
      const args = [q, k, v, n as number, d as number, causal as boolean] as const;
      return compare(mine.attention(...args), attentionRef.attention(...args), 1e-5);
    },
  }));
}

function ropeCases(mine: typeof ropeRef): Case[] {
  return [
    [2, 1, 10000],
    [8, 0, 10000],
    [8, 5, 10000],
    [64, 37, 10000],
    [64, 1000, 1e6],
  ].map(([d, pos, base], c) => ({
    name: `d = ${d}, position ${pos}, base ${base}`,
    run: () => {
      const x = d === 2 ? Float32Array.of(1, 0) : randomArray(d, 100 + c);
      const before = x.slice();
      const problem = compare(mine.rope(x, pos, base), ropeRef.rope(x, pos, base), 1e-5);
      return problem ?? (compare(x, before, 0) ? "the input was changed; return a new array" : undefined);
    },
  }));
}

function kvCacheCases(mine: typeof kvRef): Case[] {
  const decode = (impl: typeof kvRef, d: number, n: number, seed: number) => {
    const cache = new impl.KvCache(d, n);
    const outs: number[] = [];
    for (let t = 0; t < n; t++) {
      cache.append(randomArray(d, seed + 3 * t), randomArray(d, seed + 3 * t + 1));
      outs.push(...cache.attend(randomArray(d, seed + 3 * t + 2)), cache.length);
    }
    return outs;
  };
  return [
    ...[
      [4, 1],
      [8, 6],
      [16, 12],
    ].map(([d, n], c) => ({
      name: `decode ${n} tokens one at a time, d = ${d} (each step's output and length)`,
      run: () => compare(decode(mine, d, n, 1000 * (c + 1)), decode(kvRef, d, n, 1000 * (c + 1)), 1e-5),
    })),
    {
      name: "appending past the capacity is an error",
      run: () => {
        const cache = new mine.KvCache(2, 1);
        cache.append(Float32Array.of(1, 0), Float32Array.of(0, 1));
        try {
          cache.append(Float32Array.of(1, 0), Float32Array.of(0, 1));
        } catch (e) {
          if ((e as Error).message === "not implemented") throw e;
          return undefined;
        }
        return "the second append into a cache of capacity 1 did not throw";
      },
    },
  ];
}

function topPCases(mine: typeof topPRef): Case[] {
  const fixed: [number[], number][] = [
    [[0.1, 0.2, 0.3, 0.4], 0.6],
    [[0.1, 0.2, 0.3, 0.4], 1],
    [[0.25, 0.25, 0.25, 0.25], 0.5],
    [[0.9, 0.05, 0.05], 0.5],
  ];
  const random = [1, 2, 3].map((seed): [number[], number] => {
    const r = rng(200 + seed);
    const logits = Array.from({ length: 50 }, () => 4 * r());
    const max = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return [e.map((x) => x / sum), 0.5 + 0.15 * seed];
  });
  return [...fixed, ...random].map(([probs, p], c) => ({
    name: c < fixed.length ? `topP([${probs.join(", ")}], ${p})` : `50 seeded probabilities, p = ${p}`,
    run: () => compare(mine.topP(probs, p), topPRef.topP(probs, p), 1e-9),
  }));
}

// biome-ignore lint/suspicious/noExplicitAny: each exercise module has its own shape
export const EXERCISES: Record<string, (mine: any) => Case[]> = {
  attention: attentionCases,
  bpe: bpeCases,
  "kv-cache": kvCacheCases,
  rope: ropeCases,
  "top-p": topPCases,
};
