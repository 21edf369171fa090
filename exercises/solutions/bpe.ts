/** Reference solution of exercises/bpe.ts. */

export function getStats(ids: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = `${ids[i]},${ids[i + 1]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function merge(ids: number[], pair: [number, number], id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i + 1 < ids.length && ids[i] === pair[0] && ids[i + 1] === pair[1]) {
      out.push(id);
      i++;
    } else out.push(ids[i]);
  }
  return out;
}

const bytes = (text: string) => Array.from(new TextEncoder().encode(text));
const parse = (key: string) => key.split(",").map(Number) as [number, number];

export function train(text: string, numMerges: number): [number, number][] {
  let ids = bytes(text);
  const merges: [number, number][] = [];
  for (let i = 0; i < numMerges; i++) {
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of getStats(ids)) {
      if (count > bestCount) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) break; // fewer than two ids left
    const pair = parse(best);
    ids = merge(ids, pair, 256 + i);
    merges.push(pair);
  }
  return merges;
}

export function encode(text: string, merges: [number, number][]): number[] {
  let ids = bytes(text);
  const rank = new Map(merges.map((p, i) => [`${p[0]},${p[1]}`, i]));
  for (;;) {
    let best = -1;
    for (const key of getStats(ids).keys()) {
      const r = rank.get(key);
      if (r !== undefined && (best < 0 || r < best)) best = r;
    }
    if (best < 0) return ids;
    ids = merge(ids, merges[best], 256 + best);
  }
}

/** Ids back to text: each merged id expands to the two ids it was made of. */
export function decode(ids: number[], merges: [number, number][]): string {
  const expand = (id: number): number[] =>
    id < 256 ? [id] : [...expand(merges[id - 256][0]), ...expand(merges[id - 256][1])];
  return new TextDecoder().decode(Uint8Array.from(ids.flatMap(expand)));
}
