/**
 * A safetensors file given as bytes (fetched by a browser page, made by a test) → its tensors, in
 * the shared tensor memory the kernels read. The format in one line:
 *
 *   u64 little-endian N │ N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": …} │ data
 *
 * F32, F16 and BF16 are kept as stored (what the models run on); the file-reading loader
 * (safetensors.ts) is the one for files on disk, sharded checkpoints and the integer dtypes.
 *
 *   const tensors = tensorsFromSafetensors(new Uint8Array(await (await fetch("model.safetensors")).arrayBuffer()));
 *   tensors.get("model.embed_tokens.weight")?.shape   // [vocab, hidden]
 */
import { TongguanError } from "../errors.ts";
import { allocWeight } from "../tensor/memory.ts";
import { type DType, Tensor } from "../tensor/tensor.ts";

const DTYPES: Record<string, { bytes: number; dtype: DType }> = {
  F32: { bytes: 4, dtype: "f32" },
  F16: { bytes: 2, dtype: "f16" },
  BF16: { bytes: 2, dtype: "bf16" },
};

export function tensorsFromSafetensors(bytes: Uint8Array, name = "model.safetensors"): Map<string, Tensor> {
  const bad = (problem: string) => new TongguanError(`${name}: ${problem}`);
  if (bytes.length < 8) throw bad("not a safetensors file: shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw bad(`header length ${n} is past the end of the ${bytes.length} bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw bad(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    throw bad("header is not a JSON object");
  const data = bytes.subarray(8 + n);
  const out = new Map<string, Tensor>();
  for (const [key, entry] of Object.entries(header)) {
    if (key === "__metadata__") continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as Record<string, unknown>;
    const dt = typeof dtype === "string" ? DTYPES[dtype] : undefined;
    if (!dt) throw bad(`tensor '${key}': dtype ${JSON.stringify(dtype)} is not F32, F16 or BF16`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw bad(`tensor '${key}': shape ${JSON.stringify(shape)} is not a list of sizes`);
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    )
      throw bad(`tensor '${key}': data_offsets ${JSON.stringify(offsets)} are not [begin, end]`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * dt.bytes || end > data.length)
      throw bad(`tensor '${key}': data_offsets [${begin}, ${end}] do not hold ${dtype} [${shape}]`);
    const stored = allocWeight(end - begin, shape.length >= 2);
    stored.set(data.subarray(begin, end));
    const typed =
      dt.dtype === "f32"
        ? new Float32Array(stored.buffer, stored.byteOffset, count)
        : new Uint16Array(stored.buffer, stored.byteOffset, count);
    out.set(key, new Tensor(shape as number[], dt.dtype, typed));
  }
  return out;
}
