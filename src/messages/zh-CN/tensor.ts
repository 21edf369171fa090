import type { tensor as en } from "../en/tensor.ts";

export const tensor: Record<keyof typeof en, string> = {
  "tensor.memory.outOfTensorMemory":
    "张量内存不足：WebAssembly 内存 {index} 需要 {v1} GiB，而它最多容纳 {v3}（更短的上下文、更小的量化或更小的模型可以放下）",
  "tensor.memory.aWeightTensorOf": "一个 {v1} GiB 的权重张量超过了单块 WebAssembly 内存（4 GiB）",
  "tensor.kvRows.kvCacheTypeQ":
    "KV 缓存类型 q8_0 要求头大小是 32 的倍数，这个模型是 {headDim}（请用 f16 或 f32）",
  "tensor.memory.bytes": "{n} 字节",
};
