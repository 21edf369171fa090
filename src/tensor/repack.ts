/**
 * Which weight bytes are in a packed layout (quant/packed-q5.ts): the 5-bit types are repacked in
 * place the first time matmulT reads them from tensor memory, so their kernels unpack each value in
 * fewer instructions. The packed ranges are recorded here by address — per tensor memory, a sorted
 * list of spans — rather than on a Tensor, because several tensors may view the same bytes (q, k and v
 * stacked into one matrix, row slices, reshapes): every view of packed bytes reads them as packed.
 *
 * Readers of raw bytes ask here: dequantizeRow (dtypes.ts) and ggmlLayout (for writers, which must
 * write ggml's layout). Code that rewrites a weight's bytes in place must call forgetPacked first.
 * The bump allocator never hands the same bytes out twice (memory.ts), so a span never outlives its weight.
 */
import { memoryIndexOf } from "./memory.ts";
import { blocksPerUnit, type PackedType, packUnitBytes, unpackRef } from "./quant/packed-q5.ts";

export type { PackedType } from "./quant/packed-q5.ts";

interface Span {
  /** Byte addresses in the tensor memory: [start, end). */
  start: number;
  end: number;
  type: PackedType;
}

/** Per tensor memory, non-overlapping spans sorted by start. */
const spansOf: Span[][] = [];
let epoch = 0;

/** Changes whenever a span is added or forgotten (fast.ts keeps per-weight answers until then). */
export function packEpoch(): number {
  return epoch;
}

/** True for the types that have a packed layout. */
export function isPackable(type: string): type is PackedType {
  return type === "q5_0" || type === "q5_1" || type === "q5_K";
}

/** Index of the first span of `list` that ends after `addr`. */
function firstEndingAfter(list: Span[], addr: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the packed span of `type` holding data[o .. o + bytes) starts, in data's byte coordinates (the
 * origin from which packed groups are counted), or undefined where those bytes are in ggml's layout
 * (or only partly packed: see layoutRuns).
 */
export function packedOrigin(
  data: ArrayBufferView,
  o: number,
  bytes: number,
  type: PackedType,
): number | undefined {
  let origin: number | undefined;
  let runs = 0;
  layoutRuns(data, o, bytes, type, 1, (_o, _bytes, at) => {
    origin = at;
    runs++;
  });
  return runs === 1 ? origin : undefined;
}

/**
 * Cuts data[o .. o + bytes) (blocks of `blockBytes` bytes, of `type`) where packed spans begin and end,
 * and calls visit(o, bytes, origin) for each run in order: origin is its packed span's start in data's
 * byte coordinates, or undefined for a run in ggml's layout. One run, in the common case.
 */
export function layoutRuns(
  data: ArrayBufferView,
  o: number,
  bytes: number,
  type: PackedType,
  blockBytes: number,
  visit: (o: number, bytes: number, origin: number | undefined) => void,
): void {
  const index = memoryIndexOf(data);
  const list = index < 0 ? undefined : spansOf[index];
  const base = data.byteOffset;
  const end = base + o + bytes;
  let at = base + o;
  if (list) {
    for (let i = firstEndingAfter(list, at); i < list.length && list[i].start < end && at < end; i++) {
      const s = list[i];
      if (s.type !== type) continue;
      if (s.start > at) {
        visit(at - base, s.start - at, undefined);
        at = s.start;
      }
      const to = Math.min(s.end, end);
      if ((at - (base + o)) % blockBytes !== 0 || (to - at) % blockBytes !== 0)
        throw new Error(`bytes ${at}..${to} of tensor memory ${index} cut a packed ${type} block`);
      visit(at - base, to - at, s.start - base);
      at = to;
    }
  }
  if (at < end) visit(at - base, end - at, undefined);
}

/** How the bytes of a weight view stand: all packed (with groups counted from the view's start), all in ggml's layout, or neither. */
export type PackState = "packed" | "ggml" | "mixed";

/**
 * Packs bytes [start, start + bytes) of tensor memory `index`, which hold whole units of `type`
 * (groups of 4 blocks, or q5_K super-blocks), with `pack(address, units)` (a wasm packer, in place)
 * wherever they are not packed yet. Spans of another type there are dropped (those bytes were
 * rewritten). Returns "packed" when the whole range is packed in step with its start, "mixed" when
 * packed bytes there count their groups from elsewhere (a view that straddles groups: read it with
 * the reference path).
 */
export function ensurePacked(
  index: number,
  start: number,
  bytes: number,
  type: PackedType,
  pack: (address: number, units: number) => void,
): PackState {
  const unit = packUnitBytes(type);
  const end = start + bytes;
  let list = spansOf[index];
  if (!list) {
    list = [];
    spansOf[index] = list;
  }
  let i = firstEndingAfter(list, start);
  // Drop stale spans of other types over the range.
  for (let j = i; j < list.length && list[j].start < end; ) {
    if (list[j].type !== type) {
      list.splice(j, 1);
      epoch++;
    } else j++;
  }
  let at = start;
  for (; i < list.length && list[i].start < end; i++) {
    const s = list[i];
    if ((s.start - start) % unit !== 0) return "mixed";
    if (s.start > at) packGap(list, i++, at, s.start, type, pack);
    at = list[i].end;
  }
  if (at < end) packGap(list, i, at, end, type, pack);
  merge(list);
  return "packed";
}

function packGap(
  list: Span[],
  i: number,
  from: number,
  to: number,
  type: PackedType,
  pack: (address: number, units: number) => void,
): void {
  pack(from, (to - from) / packUnitBytes(type));
  list.splice(i, 0, { start: from, end: to, type });
  epoch++;
}

/** Joins neighbouring spans of one type (each is whole units, so the joined one counts groups alike). */
function merge(list: Span[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const a = list[i - 1];
    const b = list[i];
    if (a.end === b.start && a.type === b.type) {
      a.end = b.end;
      list.splice(i, 1);
    }
  }
}

/** Forgets packed spans over the bytes of `view`, whose owner is about to rewrite them in ggml's layout. */
export function forgetPacked(view: ArrayBufferView): void {
  const index = memoryIndexOf(view);
  const list = index < 0 ? undefined : spansOf[index];
  if (!list) return;
  const start = view.byteOffset;
  const end = start + view.byteLength;
  for (let i = firstEndingAfter(list, start); i < list.length && list[i].start < end; ) {
    const s = list[i];
    // Bytes of a span outside the view stay packed: split it.
    const keep: Span[] = [];
    if (s.start < start) keep.push({ start: s.start, end: start, type: s.type });
    if (s.end > end) keep.push({ start: end, end: s.end, type: s.type });
    list.splice(i, 1, ...keep);
    i += keep.length;
    epoch++;
  }
}

/**
 * The bytes of `view` (weights of `type`) in ggml's layout: the view itself where nothing of it is
 * packed, else a copy with its packed parts unpacked (for writers of GGUF and safetensors files).
 */
export function ggmlLayout(type: string, view: Uint8Array): Uint8Array {
  if (!isPackable(type)) return view;
  const index = memoryIndexOf(view);
  const list = index < 0 ? undefined : spansOf[index];
  if (!list || list.length === 0) return view;
  const start = view.byteOffset;
  const end = start + view.byteLength;
  let copy: Uint8Array | undefined;
  for (let i = firstEndingAfter(list, start); i < list.length && list[i].start < end; i++) {
    const s = list[i];
    if (s.type !== type) continue;
    const unit = packUnitBytes(s.type);
    // Whole units of the span inside the view (a view cuts no unit of a weight it covers).
    const from = Math.max(s.start, start);
    const to = Math.min(s.end, end);
    if ((from - s.start) % unit !== 0 || (to - from) % unit !== 0)
      throw new Error(
        `a view of packed ${type} weights cuts through a group of ${blocksPerUnit(s.type)} blocks`,
      );
    copy ??= view.slice();
    unpackRef(s.type, copy, from - start, (to - from) / unit);
  }
  return copy ?? view;
}
