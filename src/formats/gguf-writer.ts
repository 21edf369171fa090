/**
 * GGUF writer (version 3): the mirror image of gguf.ts.
 *
 * Metadata needs explicit types — llama.cpp checks them (`llama.block_count` must be a UINT32, a
 * `rope.freq_base` a FLOAT32) — so values are given as `{ type, value }`, most easily through `gv`:
 *
 *   writeGguf("out.gguf", {
 *     metadata: { "general.architecture": gv.str("llama"), "llama.block_count": gv.u32(2), … },
 *     tensors: [ggufTensor("token_embd.weight", embedding)],   // Tensor shape [vocab, dim]
 *   });
 *
 * Tensors are written as they are: their dtype becomes the ggml type (convert them first, e.g. with
 * src/tensor's quantizers). Each tensor's data starts at a multiple of `general.alignment` (32 unless
 * given); the padding between them is zeros. Tensors may be given lazily (`bytes` as a function),
 * so a big model can be written one tensor at a time.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import type { DType, Tensor } from "../tensor/tensor.ts";
import {
  GGML_TYPE_BY_DTYPE,
  type GgufType,
  type GgufTypedValue,
  type GgufValue,
  GgufValueType,
} from "./gguf-types.ts";
import { tensorBytes } from "./tensor-storage.ts";

export interface GgufTensorEntry {
  name: string;
  /** Outermost first, like Tensor.shape (written reversed, as ggml's ne). */
  shape: number[];
  dtype: DType;
  /** The tensor's raw bytes, or a function producing them when their turn comes. */
  bytes: Uint8Array | (() => Uint8Array);
}

export interface GgufWriteOptions {
  metadata: Record<string, GgufTypedValue> | Map<string, GgufTypedValue>;
  tensors: GgufTensorEntry[];
  /** Data alignment; written as `general.alignment` when not 32. */
  alignment?: number;
}

/** Typed metadata values: `gv.u32(2)`, `gv.f32(1e-5)`, `gv.str("llama")`, `gv.strings(tokens)`, … */
export const gv = {
  u8: (value: number): GgufTypedValue => ({ type: GgufValueType.UINT8, value }),
  i8: (value: number): GgufTypedValue => ({ type: GgufValueType.INT8, value }),
  u16: (value: number): GgufTypedValue => ({ type: GgufValueType.UINT16, value }),
  i16: (value: number): GgufTypedValue => ({ type: GgufValueType.INT16, value }),
  u32: (value: number): GgufTypedValue => ({ type: GgufValueType.UINT32, value }),
  i32: (value: number): GgufTypedValue => ({ type: GgufValueType.INT32, value }),
  u64: (value: number | bigint): GgufTypedValue => ({ type: GgufValueType.UINT64, value }),
  i64: (value: number | bigint): GgufTypedValue => ({ type: GgufValueType.INT64, value }),
  f32: (value: number): GgufTypedValue => ({ type: GgufValueType.FLOAT32, value }),
  f64: (value: number): GgufTypedValue => ({ type: GgufValueType.FLOAT64, value }),
  bool: (value: boolean): GgufTypedValue => ({ type: GgufValueType.BOOL, value }),
  str: (value: string): GgufTypedValue => ({ type: GgufValueType.STRING, value }),
  strings: (value: string[]): GgufTypedValue => ({ type: { array: GgufValueType.STRING }, value }),
  f32s: (value: ArrayLike<number>): GgufTypedValue => ({
    type: { array: GgufValueType.FLOAT32 },
    value: Array.from(value),
  }),
  i32s: (value: ArrayLike<number>): GgufTypedValue => ({
    type: { array: GgufValueType.INT32 },
    value: Array.from(value),
  }),
  array: (type: GgufType, value: GgufValue[]): GgufTypedValue => ({ type: { array: type }, value }),
};

/** A Tensor as a writer entry (its storage is written as is). */
export function ggufTensor(name: string, tensor: Tensor): GgufTensorEntry {
  return { name, shape: tensor.shape, dtype: tensor.dtype, bytes: () => tensorBytes(tensor) };
}

/** Bytes of the tensor data of `entry` as its shape and dtype imply. */
export function ggufTensorBytes(shape: number[], dtype: DType): number {
  const t = GGML_TYPE_BY_DTYPE.get(dtype);
  if (!t) throw new TongguanError(tr("formats.ggufWriter.ggufCannotStoreDtype", { dtype }));
  const rowLength = shape.at(-1) ?? 1;
  if (rowLength % t.blockSize !== 0) {
    throw new TongguanError(
      tr("formats.ggufWriter.rowLengthIsNot", { rowLength, tName: t.name, blockSize: t.blockSize }),
    );
  }
  return (shape.reduce((a, b) => a * b, 1) / t.blockSize) * t.blockBytes;
}

/** Writes a GGUF v3 file. */
export function writeGguf(path: string, options: GgufWriteOptions): void {
  const metadata = new Map(
    options.metadata instanceof Map ? options.metadata : Object.entries(options.metadata),
  );
  // The alignment the data is laid out with must be the one the metadata states (copied metadata may carry one).
  const stated = metadata.get("general.alignment")?.value;
  const alignment = options.alignment ?? (typeof stated === "number" ? stated : 32);
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new TongguanError(tr("formats.ggufWriter.ggufAlignmentMustBe", { alignment }));
  }
  if (alignment !== 32 || stated !== undefined) metadata.set("general.alignment", gv.u32(alignment));

  const header = new ByteWriter();
  header.bytes(Buffer.from("GGUF", "latin1"));
  header.u32(3);
  header.u64(BigInt(options.tensors.length));
  header.u64(BigInt(metadata.size));
  for (const [key, { type, value }] of metadata) {
    header.string(key);
    writeValue(header, type, value, key);
  }
  let offset = 0;
  const offsets: number[] = [];
  const sizes: number[] = [];
  for (const t of options.tensors) {
    const t2 = GGML_TYPE_BY_DTYPE.get(t.dtype);
    if (!t2)
      throw new TongguanError(
        tr("formats.ggufWriter.tensorGgufCannotStore", { tName: t.name, dtype: t.dtype }),
      );
    let nbytes: number;
    try {
      nbytes = ggufTensorBytes(t.shape, t.dtype);
    } catch (e) {
      throw new TongguanError(
        tr("formats.ggufWriter.tensor", { tName: t.name, message: (e as Error).message }),
      );
    }
    header.string(t.name);
    header.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) header.u64(BigInt(d));
    header.u32(t2.id);
    header.u64(BigInt(offset));
    offsets.push(offset);
    sizes.push(nbytes);
    offset = align(offset + nbytes, alignment);
  }
  header.pad(alignment);

  const fd = openSync(path, "w");
  try {
    let pos = 0;
    const put = (b: Uint8Array) => {
      let done = 0;
      while (done < b.byteLength) done += writeSync(fd, b, done, b.byteLength - done, pos + done);
      pos += b.byteLength;
    };
    put(header.finish());
    const dataStart = pos;
    options.tensors.forEach((t, i) => {
      const bytes = typeof t.bytes === "function" ? t.bytes() : t.bytes;
      if (bytes.byteLength !== sizes[i]) {
        throw fileError(
          path,
          tr("formats.ggufWriter.tensorBytesGivenNeeds", {
            tName: t.name,
            byteLength: bytes.byteLength,
            shape: t.shape,
            dtype: t.dtype,
            v5: sizes[i],
          }),
        );
      }
      if (pos < dataStart + offsets[i]) put(new Uint8Array(dataStart + offsets[i] - pos));
      put(bytes);
    });
    // Pad the end as well, as llama.cpp's writer does.
    const end = align(pos - dataStart, alignment) + dataStart;
    if (end > pos) put(new Uint8Array(end - pos));
  } finally {
    closeSync(fd);
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function writeValue(w: ByteWriter, type: GgufType, value: GgufValue, key: string): void {
  if (typeof type === "object") {
    if (!Array.isArray(value))
      throw new TongguanError(tr("formats.ggufWriter.metadataArrayTypeNeeds", { key }));
    w.u32(GgufValueType.ARRAY);
    writeArrayBody(w, type.array, value, key);
    return;
  }
  w.u32(type);
  writeScalar(w, type, value, key);
}

function writeArrayBody(w: ByteWriter, itemType: GgufType, items: GgufValue[], key: string): void {
  w.u32(typeof itemType === "object" ? GgufValueType.ARRAY : itemType);
  w.u64(BigInt(items.length));
  for (const item of items) {
    if (typeof itemType === "object") {
      if (!Array.isArray(item))
        throw new TongguanError(tr("formats.ggufWriter.metadataNestedArrayItem", { key }));
      writeArrayBody(w, itemType.array, item, key);
    } else writeScalar(w, itemType, item, key);
  }
}

function writeScalar(w: ByteWriter, type: GgufValueType, v: GgufValue, key: string): void {
  const bad = () =>
    new TongguanError(
      tr("formats.ggufWriter.metadataValueDoesNot", { key, v: String(v), v3: GgufValueType[type] }),
    );
  if (type === GgufValueType.STRING) {
    if (typeof v !== "string") throw bad();
    w.string(v);
  } else if (type === GgufValueType.BOOL) {
    if (typeof v !== "boolean") throw bad();
    w.u8(v ? 1 : 0);
  } else if (type === GgufValueType.UINT64 || type === GgufValueType.INT64) {
    if (typeof v !== "number" && typeof v !== "bigint") throw bad();
    if (type === GgufValueType.UINT64) w.u64(BigInt(v));
    else w.i64(BigInt(v));
  } else {
    if (typeof v !== "number") throw bad();
    w.number(type, v, bad);
  }
}

/** A growing little-endian buffer for the header. */
class ByteWriter {
  private buf = Buffer.alloc(1 << 16);
  private n = 0;

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }
  u32(v: number): void {
    this.room(4);
    this.n = this.buf.writeUInt32LE(v, this.n);
  }
  u64(v: bigint): void {
    this.room(8);
    this.n = this.buf.writeBigUInt64LE(v, this.n);
  }
  i64(v: bigint): void {
    this.room(8);
    this.n = this.buf.writeBigInt64LE(v, this.n);
  }
  number(type: GgufValueType, v: number, bad: () => Error): void {
    this.room(8);
    const intIn = (lo: number, hi: number) => {
      if (!Number.isInteger(v) || v < lo || v > hi) throw bad();
    };
    switch (type) {
      case GgufValueType.UINT8:
        intIn(0, 0xff);
        this.n = this.buf.writeUInt8(v, this.n);
        break;
      case GgufValueType.INT8:
        intIn(-0x80, 0x7f);
        this.n = this.buf.writeInt8(v, this.n);
        break;
      case GgufValueType.UINT16:
        intIn(0, 0xffff);
        this.n = this.buf.writeUInt16LE(v, this.n);
        break;
      case GgufValueType.INT16:
        intIn(-0x8000, 0x7fff);
        this.n = this.buf.writeInt16LE(v, this.n);
        break;
      case GgufValueType.UINT32:
        intIn(0, 0xffffffff);
        this.n = this.buf.writeUInt32LE(v, this.n);
        break;
      case GgufValueType.INT32:
        intIn(-0x80000000, 0x7fffffff);
        this.n = this.buf.writeInt32LE(v, this.n);
        break;
      case GgufValueType.FLOAT32:
        this.n = this.buf.writeFloatLE(v, this.n);
        break;
      case GgufValueType.FLOAT64:
        this.n = this.buf.writeDoubleLE(v, this.n);
        break;
      default:
        throw bad();
    }
  }
  bytes(b: Uint8Array): void {
    this.room(b.byteLength);
    this.buf.set(b, this.n);
    this.n += b.byteLength;
  }
  string(s: string): void {
    const b = Buffer.from(s, "utf8");
    this.u64(BigInt(b.length));
    this.bytes(b);
  }
  pad(a: number): void {
    const end = align(this.n, a);
    this.room(end - this.n);
    this.n = end; // the buffer is zero-filled
  }
  finish(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}
