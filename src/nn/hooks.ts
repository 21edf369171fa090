/**
 * Naming intermediate tensors. Every block reports what it computed — "attn_norm", "q", "k", "v",
 * "attn_probs", "attn_out", "ffn_norm", "ffn_out", "logits", … with its layer — to one optional
 * `TensorHook` (the lab draws its pictures from it, tests compare against references with it).
 *
 * The tensor handed to the hook is a view of a scratch buffer that the next step overwrites:
 * copy it (`tensor.data.slice()`) if you keep it. With no hook set, nothing is created.
 */
import { Tensor } from "../tensor/tensor.ts";

/** One named intermediate tensor: "attn_norm", "q", "k", "v", "attn_probs", "attn_out", "ffn_out", "logits", … */
export interface TensorEvent {
  name: string;
  /** Layer index, or -1 for tensors outside the layers (embeddings, final norm, logits). */
  layer: number;
  tensor: Tensor;
}
export type TensorHook = (event: TensorEvent) => void;

/**
 * Reports `data` (its first rows·cols[·depth] values, f32) as tensor `name` of `layer`, shaped
 * (rows, cols) or (rows, cols, depth). The dimensions come as numbers, not an array, so that the
 * hook-less call in the decode loop allocates nothing.
 */
export function emit(
  hook: TensorHook | undefined,
  name: string,
  layer: number,
  data: Float32Array,
  rows: number,
  cols: number,
  depth?: number,
): void {
  if (!hook) return;
  const shape = depth === undefined ? [rows, cols] : [rows, cols, depth];
  const size = rows * cols * (depth ?? 1);
  hook({ name, layer, tensor: new Tensor(shape, "f32", data.subarray(0, size)) });
}
