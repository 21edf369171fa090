/**
 * A Tensor is a shape, a dtype and a typed array — nothing more.
 *
 * Storage by dtype:
 *   f32            → Float32Array, one element per value
 *   f16, bf16      → Uint16Array, the raw 16-bit patterns
 *   i32            → Int32Array
 *   q8_0, q4_0, q4_1, q5_0, q5_1, q4_K, q5_K, q6_K
 *                  → Uint8Array, ggml's block bytes exactly as in a GGUF file (row-major; each row
 *                    of the last dimension is a whole number of blocks)
 *
 * Views (reshape, transpose of a 2-D f32 tensor via `strides`, row slices) share the same buffer.
 * `offset` and `strides` count elements (for block dtypes: rows are addressed through `rowBytes`).
 */
export type DType = "f32" | "f16" | "bf16" | "i32" | QuantType;
export type QuantType = "q8_0" | "q4_0" | "q4_1" | "q5_0" | "q5_1" | "q4_K" | "q5_K" | "q6_K";
export type Storage = Float32Array | Uint16Array | Int32Array | Uint8Array;

export class Tensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: Storage;
  readonly strides: number[];
  readonly offset: number;

  constructor(shape: number[], dtype: DType, data: Storage, strides?: number[], offset = 0) {
    this.shape = shape;
    this.dtype = dtype;
    this.data = data;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
  }

  /** Number of elements (product of the shape). */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** A new f32 tensor of zeros. */
  static zeros(shape: number[]): Tensor {
    return new Tensor(shape, "f32", new Float32Array(shape.reduce((a, b) => a * b, 1)));
  }

  /** A new f32 tensor holding `values` (copied) with `shape`. */
  static from(values: ArrayLike<number>, shape: number[] = [values.length]): Tensor {
    const t = Tensor.zeros(shape);
    if (values.length !== t.size)
      throw new Error(`Tensor.from: ${values.length} values do not fill shape [${shape}]`);
    (t.data as Float32Array).set(values);
    return t;
  }
}

/** Row-major strides: shape [2,3,4] → [12,4,1]. */
export function contiguousStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}
