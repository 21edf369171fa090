/** The messages of src/tensor/. */
export const tensor = {
  "tensor.memory.outOfTensorMemory":
    "out of tensor memory: {v1} GiB needed in WebAssembly memory {index}, which holds at most {v3} (a shorter context, a smaller quantization or a smaller model fits)",
  "tensor.memory.aWeightTensorOf":
    "a weight tensor of {v1} GiB is larger than one WebAssembly memory (4 GiB)",
  "tensor.kvRows.kvCacheTypeQ":
    "KV cache type q8_0 needs a head size that is a multiple of 32, this model's is {headDim} (use f16 or f32)",
  "tensor.memory.bytes": "{n} bytes",
} as const;
