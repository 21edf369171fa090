/**
 * Which type each tensor of a GGUF file gets for a file type such as Q4_K_M: llama.cpp's quantizer
 * rules (src/llama-quant.cpp, `llama_tensor_get_type`), so a file written by tongguan's GGUF writer
 * is laid out as the files people download.
 *
 *   mixTypes([{ name: "blk.0.ffn_down.weight", shape: [896, 4864] }, …], "q4_K_M")
 *     → Map { "blk.0.ffn_down.weight" → "q6_K", … }
 *
 * Rules for the mixes (`q4_K_M`: default q4_K; `q5_K_M`: default q5_K):
 *   - the output head (or the token embedding when the head is tied to it): q6_K, or q8_0 where its
 *     rows are not whole 256-value super-blocks;
 *   - `attn_v` and `ffn_down` of the layers that "use more bits" (the first and last eighth of the
 *     layers, and every third between): q6_K;
 *   - a fused `attn_qkv`: q5_K (Q4_K_M) or q6_K (Q5_K_M);
 *   - then any K-quant tensor whose rows are not whole super-blocks falls back: q4_K → q5_0,
 *     q5_K → q5_1, q6_K → q8_0 (Qwen2-0.5B's width 896 = 3.5 super-blocks: most of its matrices).
 * Single-type files give every matrix that type (as `llama-quantize --pure`), with the same
 * fallback for K-quants. Vectors (norms, biases) stay f32, and so do position embeddings, which
 * llama.cpp never quantizes.
 */
import type { DType } from "../tensor/tensor.ts";

/** A file type: one type for every matrix, or one of llama.cpp's K-quant mixes. */
export type FileType =
  | "f32"
  | "f16"
  | "bf16"
  | "q8_0"
  | "q4_0"
  | "q4_1"
  | "q5_0"
  | "q5_1"
  | "q4_K"
  | "q5_K"
  | "q6_K"
  | "q4_K_M"
  | "q5_K_M";

export const FILE_TYPES: readonly FileType[] = [
  "f32",
  "f16",
  "bf16",
  "q8_0",
  "q4_0",
  "q4_1",
  "q5_0",
  "q5_1",
  "q4_K",
  "q5_K",
  "q6_K",
  "q4_K_M",
  "q5_K_M",
];

/** `general.file_type` (llama_ftype) of each; the single K types are written as the _S mixes' numbers. */
export const LLAMA_FTYPE: Record<FileType, number> = {
  f32: 0,
  f16: 1,
  q4_0: 2,
  q4_1: 3,
  q8_0: 7,
  q5_0: 8,
  q5_1: 9,
  q4_K: 14,
  q5_K: 16,
  q6_K: 18,
  q4_K_M: 15,
  q5_K_M: 17,
  bf16: 32,
};

export interface MixTensor {
  name: string;
  /** Outermost first: [rows, cols] for a matrix. */
  shape: number[];
}

/** llama.cpp's use_more_bits: the first and last eighth of n, and every third between. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.floor(n / 8);
  return i < eighth || i >= Math.floor((7 * n) / 8) || (i - eighth) % 3 === 2;
}

/** The type that takes a K-quant's place where rows are not whole super-blocks (convert_incompatible_tensor). */
const FALLBACK: Partial<Record<DType, Exclude<DType, "i32">>> = { q4_K: "q5_0", q5_K: "q5_1", q6_K: "q8_0" };

/** Each tensor's type in a file of type `fileType` (see the file comment). */
export function mixTypes(tensors: readonly MixTensor[], fileType: FileType): Map<string, DType> {
  const out = new Map<string, DType>();
  const mix = fileType === "q4_K_M" || fileType === "q5_K_M";
  const base: DType = fileType === "q4_K_M" ? "q4_K" : fileType === "q5_K_M" ? "q5_K" : fileType;
  const hasOutput = tensors.some((t) => t.name === "output.weight");
  const nAttnV = tensors.filter((t) => /\.attn_(v|qkv)\.weight$/.test(t.name)).length;
  const nFfnDown = tensors.filter((t) => /\.ffn_down\.weight$/.test(t.name)).length;
  let iAttnV = 0;
  let iFfnDown = 0;
  for (const t of tensors) {
    const matrix = t.shape.length >= 2 && t.name.endsWith(".weight");
    if (!matrix || t.name === "position_embd.weight" || t.name === "token_types.weight") {
      out.set(t.name, "f32");
      continue;
    }
    let type = base;
    const cols = t.shape.at(-1)!;
    if (mix) {
      if (t.name === "output.weight" || (!hasOutput && t.name === "token_embd.weight")) {
        type = cols % 256 !== 0 ? "q8_0" : "q6_K";
      } else if (t.name.endsWith(".attn_v.weight")) {
        if (useMoreBits(iAttnV, nAttnV)) type = "q6_K";
        iAttnV++;
      } else if (t.name.endsWith(".attn_qkv.weight")) {
        type = fileType === "q4_K_M" ? "q5_K" : "q6_K";
      } else if (t.name.endsWith(".ffn_down.weight")) {
        if (useMoreBits(iFfnDown, nFfnDown)) type = "q6_K";
        iFfnDown++;
      }
    }
    if (cols % 256 !== 0 && FALLBACK[type]) type = FALLBACK[type]!;
    out.set(t.name, type);
  }
  return out;
}
