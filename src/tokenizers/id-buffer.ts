/**
 * Token ids collected into one growable Int32Array: 4 bytes a token, where a `number[]` of the
 * same ids costs 8 and every per-token object (a string, an offset pair) costs tens.
 *
 *   const b = new IdBuffer();  b.push(15496);  b.pushAll([995, 0]);  b.toArray()  // Int32Array [15496, 995, 0]
 */
export class IdBuffer {
  private data: Int32Array;
  private size = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(id: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    this.data[this.size++] = id;
  }

  pushAll(ids: ArrayLike<number>): void {
    if (this.size + ids.length > this.data.length) this.grow(this.size + ids.length);
    for (let i = 0; i < ids.length; i++) this.data[this.size++] = ids[i];
  }

  /** The ids so far (a view: later pushes may or may not show through; copy to keep). */
  view(): Int32Array {
    return this.data.subarray(0, this.size);
  }

  /**
   * The ids, as a view of their count over the buffer (no copy: the unused capacity, under a
   * third, is cheaper than a second copy of every id at the moment the buffer is largest).
   */
  toArray(): Int32Array {
    return this.data.subarray(0, this.size);
  }

  /** Growing by half keeps pushes amortized O(1) and the slack under a third. */
  private grow(needed: number): void {
    let capacity = Math.ceil(this.data.length * 1.5);
    while (capacity < needed) capacity = Math.ceil(capacity * 1.5);
    const next = new Int32Array(capacity);
    next.set(this.data.subarray(0, this.size));
    this.data = next;
  }
}
