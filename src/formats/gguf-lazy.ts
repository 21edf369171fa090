/**
 * GGUF metadata whose long arrays are read only when asked for.
 *
 * A tokenizer's vocabulary lives in the metadata: `tokenizer.ggml.tokens` and `.merges` hold ~150k
 * strings each for Qwen2 or Llama 3. Parsed eagerly, they cost ~30 MB of JavaScript heap (V8's heap
 * grows to hold them and does not give the pages back) on every load, also where no tokenizer is
 * wanted (a benchmark, `tongguan bench`) — 10 % of a 0.5B Q4_0 model's peak memory. So the header
 * reader only notes where such an array starts and skips it; the first `get` (or iteration) reads it.
 */
import type { FileReader } from "./file-reader.ts";
import type { GgufValue } from "./gguf-types.ts";

/** Arrays with more items than this are read on demand. */
export const LAZY_ARRAY_ITEMS = 4096;

/** An array not read yet: `read()` parses it from the file (the reader starts at its item type). */
export class DeferredArray {
  constructor(
    readonly length: number,
    readonly read: () => GgufValue,
  ) {}
}

/**
 * A Map of metadata values where some are stored as DeferredArrays until first reached (`get`,
 * iteration); `defer` puts one in. To its users it is a plain Map of values.
 */
export class GgufMetadata extends Map<string, GgufValue> {
  defer(key: string, length: number, read: () => GgufValue): void {
    super.set(key, new DeferredArray(length, read) as unknown as GgufValue);
  }

  /** The number of items of array `key` without reading a deferred one; undefined if not an array. */
  lengthOf(key: string): number | undefined {
    const v: unknown = super.get(key);
    if (v instanceof DeferredArray) return v.length;
    return Array.isArray(v) ? v.length : undefined;
  }

  override get(key: string): GgufValue | undefined {
    const v: unknown = super.get(key);
    if (!(v instanceof DeferredArray)) return v as GgufValue | undefined;
    const value = v.read();
    super.set(key, value);
    return value;
  }

  /** Reads every deferred array (before handing out values in bulk). */
  private readAll(): void {
    for (const k of super.keys()) this.get(k);
  }

  override entries(): ReturnType<Map<string, GgufValue>["entries"]> {
    this.readAll();
    return super.entries();
  }

  override values(): ReturnType<Map<string, GgufValue>["values"]> {
    this.readAll();
    return super.values();
  }

  override [Symbol.iterator](): ReturnType<Map<string, GgufValue>["entries"]> {
    return this.entries();
  }

  override forEach(
    fn: (value: GgufValue, key: string, map: Map<string, GgufValue>) => void,
    thisArg?: unknown,
  ): void {
    this.readAll();
    super.forEach(fn, thisArg);
  }
}

/** Moves `r` past a string array of `count` items without decoding any of them. */
export function skipStrings(r: FileReader, count: number, what: string): void {
  for (let i = 0; i < count; i++) r.skip(r.u64(what), what); // (no label per item: 150k strings)
}
