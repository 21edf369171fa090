/**
 * The numbers GGUF files are made of: metadata value types and ggml tensor types.
 *
 * Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md. A quantized ggml type stores a row
 * as a sequence of fixed-size blocks: Q8_0 packs 32 weights into 34 bytes (an f16 scale + 32 int8),
 * Q4_K packs 256 weights into 144 bytes. A row's length must therefore be a multiple of the block size.
 */
import { blockBytes, blockSize } from "../tensor/dtypes.ts";
import type { DType } from "../tensor/tensor.ts";

/** GGUF metadata value types (the u32 that precedes every value). */
export enum GgufValueType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

/** Bytes one scalar of a value type occupies (strings and arrays: their smallest possible size). */
export const VALUE_MIN_BYTES: Record<GgufValueType, number> = {
  [GgufValueType.UINT8]: 1,
  [GgufValueType.INT8]: 1,
  [GgufValueType.UINT16]: 2,
  [GgufValueType.INT16]: 2,
  [GgufValueType.UINT32]: 4,
  [GgufValueType.INT32]: 4,
  [GgufValueType.FLOAT32]: 4,
  [GgufValueType.BOOL]: 1,
  [GgufValueType.STRING]: 8,
  [GgufValueType.ARRAY]: 12,
  [GgufValueType.UINT64]: 8,
  [GgufValueType.INT64]: 8,
  [GgufValueType.FLOAT64]: 8,
};

/**
 * A metadata value as JavaScript sees it. Integers are numbers, except 64-bit integers beyond
 * 2^53, which stay bigint. Arrays may nest.
 */
export type GgufValue = number | bigint | boolean | string | GgufValue[];

/** A value's GGUF type: a scalar type, or an array with its item type (nested arrays nest). */
export type GgufType = Exclude<GgufValueType, GgufValueType.ARRAY> | { array: GgufType };

/** A value together with its type, as the writer needs it (a float 10000.0 and a uint32 10000 differ). */
export interface GgufTypedValue {
  type: GgufType;
  value: GgufValue;
}

/**
 * ggml tensor types this project reads (ids from ggml.h's `enum ggml_type`). Their block geometry
 * (values and bytes per block) comes from src/tensor, which owns the formats themselves.
 */
export interface GgmlTypeInfo {
  id: number;
  /** ggml's name, as llama.cpp prints it. */
  name: string;
  /** Our Tensor dtype for this type's storage. */
  dtype: DType;
  /** Values per block (1 for plain types). */
  blockSize: number;
  /** Bytes per block (or per value for plain types). */
  blockBytes: number;
}

const IDS: [number, string, DType][] = [
  [0, "F32", "f32"],
  [1, "F16", "f16"],
  [2, "Q4_0", "q4_0"],
  [3, "Q4_1", "q4_1"],
  [6, "Q5_0", "q5_0"],
  [7, "Q5_1", "q5_1"],
  [8, "Q8_0", "q8_0"],
  [12, "Q4_K", "q4_K"],
  [13, "Q5_K", "q5_K"],
  [14, "Q6_K", "q6_K"],
  [26, "I32", "i32"],
  [30, "BF16", "bf16"],
];
const TYPES: GgmlTypeInfo[] = IDS.map(([id, name, dtype]) => ({
  id,
  name,
  dtype,
  blockSize: blockSize(dtype),
  blockBytes: blockBytes(dtype),
}));

/** Names of ggml types we recognise but do not load, for clear errors. */
const UNSUPPORTED: Record<number, string> = {
  9: "Q8_1",
  10: "Q2_K",
  11: "Q3_K",
  15: "Q8_K",
  16: "IQ2_XXS",
  17: "IQ2_XS",
  18: "IQ3_XXS",
  19: "IQ1_S",
  20: "IQ4_NL",
  21: "IQ3_S",
  22: "IQ2_S",
  23: "IQ4_XS",
  24: "I8",
  25: "I16",
  27: "I64",
  28: "F64",
  29: "IQ1_M",
  34: "TQ1_0",
  35: "TQ2_0",
  39: "MXFP4",
};

export const GGML_TYPE_BY_ID = new Map(TYPES.map((t) => [t.id, t]));
export const GGML_TYPE_BY_DTYPE = new Map(TYPES.map((t) => [t.dtype, t]));

/** ggml's name for a type id, also for types we do not load ("type 99" when unknown). */
export function ggmlTypeName(id: number): string {
  return GGML_TYPE_BY_ID.get(id)?.name ?? UNSUPPORTED[id] ?? `type ${id}`;
}
