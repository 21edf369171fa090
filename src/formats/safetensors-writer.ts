/**
 * safetensors writer: the header JSON (padded with spaces to a multiple of 8 bytes, as the reference
 * implementation does, so data stays aligned), then each tensor's bytes in header order.
 *
 *   writeSafetensors("model.safetensors", new Map([["model.norm.weight", Tensor.from([1, 1])]]));
 *
 * Tensors of dtype f32, f16, bf16 and i32 are written as F32, F16, BF16 and I32.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { SAFETENSORS_DTYPE_OF } from "./safetensors.ts";
import { tensorBytes } from "./tensor-storage.ts";

export function writeSafetensors(
  path: string,
  tensors: Map<string, Tensor>,
  metadata: Record<string, string> = {},
): void {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const order: [string, Uint8Array][] = [];
  for (const [name, t] of tensors) {
    const dtype = SAFETENSORS_DTYPE_OF[t.dtype];
    if (!dtype)
      throw new TongguanError(
        tr("formats.safetensorsWriter.tensorSafetensorsCannotStore", { name, dtype: t.dtype }),
      );
    const bytes = tensorBytes(t);
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    offset += bytes.byteLength;
    order.push([name, bytes]);
  }
  let json = JSON.stringify(header);
  const len = Buffer.byteLength(json);
  json += " ".repeat(Math.ceil(len / 8) * 8 - len);
  const head = Buffer.alloc(8 + Buffer.byteLength(json));
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)), 0);
  head.write(json, 8, "utf8");
  const fd = openSync(path, "w");
  try {
    writeAll(fd, head);
    for (const [, bytes] of order) writeAll(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, b: Uint8Array): void {
  let done = 0;
  while (done < b.byteLength) done += writeSync(fd, b, done, b.byteLength - done);
}
