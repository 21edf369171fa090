/**
 * Naming intermediate tensors. Every block reports what it computed — "attn_norm", "q", "k", "v",
 * "attn_probs", "attn_out", "ffn_norm", "ffn_out", "logits", … with its layer — to one optional
 * `TensorHook` (the lab draws its pictures from it, tests compare against references with it).
 *
 * The tensor handed to the hook is a view of a scratch buffer that the next step overwrites:
 * copy it (`tensor.data.slice()`) if you keep it. With no hook set, nothing is created.
 */
import type { TensorHook } from "../models/types.ts";
import { Tensor } from "../tensor/tensor.ts";

/** Reports `data` (the first `shape` product of its values, f32) as tensor `name` of `layer`. */
export function emit(
  hook: TensorHook | undefined,
  name: string,
  layer: number,
  data: Float32Array,
  shape: number[],
): void {
  if (!hook) return;
  const size = shape.reduce((a, b) => a * b, 1);
  hook({ name, layer, tensor: new Tensor(shape, "f32", data.subarray(0, size)) });
}
