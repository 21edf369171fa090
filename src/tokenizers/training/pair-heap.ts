/**
 * A binary max-heap of (count, pair) entries, ordered by the tie-breaking rule of `beats`:
 * highest count first, then the smallest pair key.
 *
 * The fast trainer never updates an entry in place: when a pair's count changes it pushes a new
 * entry, and an entry popped later whose count no longer matches the current count is stale and
 * skipped ("lazy deletion"). That keeps the heap a plain array.
 *
 *   push (3, k1), (5, k2), (5, k0) with k0 < k2   ->   pops (5, k0), (5, k2), (3, k1)
 */
import { beats } from "./pairs.ts";

export class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get length(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!beats(this.counts[i], this.keys[i], this.counts[parent], this.keys[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the best entry, or undefined when empty. */
  pop(): { count: number; key: number } | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top = { count: this.counts[0], key: this.keys[0] };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (n > 1) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(i: number): void {
    const n = this.counts.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && beats(this.counts[l], this.keys[l], this.counts[best], this.keys[best])) best = l;
      if (r < n && beats(this.counts[r], this.keys[r], this.counts[best], this.keys[best])) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(i: number, j: number): void {
    const c = this.counts[i];
    this.counts[i] = this.counts[j];
    this.counts[j] = c;
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
  }
}
