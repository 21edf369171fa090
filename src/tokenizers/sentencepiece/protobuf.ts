/**
 * Just enough of Protocol Buffers' wire format to read a SentencePiece model: a message is a list
 * of (field number, wire type, value); wire type 0 is a varint, 1 eight bytes, 2 a length-prefixed
 * blob (strings, nested messages), 5 four bytes (float). Unknown fields are skipped.
 */
export class ProtobufError extends Error {}

export interface ProtoField {
  field: number;
  wireType: number;
  /** Varint value (wire type 0). */
  varint: number;
  /** Bytes of a length-delimited or fixed field. */
  bytes: Uint8Array;
}

export function* readFields(buf: Uint8Array): Generator<ProtoField> {
  let o = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (o >= buf.length) throw new ProtobufError(`varint runs past the end at byte ${o}`);
      const b = buf[o++];
      // Bytes past the 5th only carry the sign extension of negative int32 values: keep 32 bits.
      if (i < 5) result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return i >= 5 ? result % 2 ** 32 : result;
      mul *= 128;
    }
    throw new ProtobufError(`varint longer than 10 bytes at byte ${o}`);
  };
  while (o < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    const empty = new Uint8Array(0);
    if (wireType === 0) yield { field, wireType, varint: varint(), bytes: empty };
    else if (wireType === 1 || wireType === 5) {
      const n = wireType === 1 ? 8 : 4;
      if (o + n > buf.length) throw new ProtobufError(`field ${field} runs past the end`);
      yield { field, wireType, varint: 0, bytes: buf.subarray(o, o + n) };
      o += n;
    } else if (wireType === 2) {
      const n = varint();
      if (o + n > buf.length)
        throw new ProtobufError(`field ${field} (${n} bytes) runs past the end at byte ${o}`);
      yield { field, wireType, varint: 0, bytes: buf.subarray(o, o + n) };
      o += n;
    } else throw new ProtobufError(`unsupported wire type ${wireType} for field ${field} at byte ${o}`);
  }
}

export function float32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
}

/** int32 fields are varints of the 64-bit two's complement: -1 arrives as 2^64 - 1 (low 32 bits kept). */
export function int32(v: number): number {
  return v > 0x7fffffff ? v - 2 ** 32 : v;
}
