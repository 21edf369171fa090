/**
 * A tiny writer of PyTorch's zip checkpoint format, for tests: the bytes `torch.save(state_dict)`
 * produces (protocol-2 pickle in archive/data.pkl, one stored member per storage), written by hand so
 * the tests need no Python. Also writes the crafted pickles the reader must refuse.
 */
import { writeFileSync } from "node:fs";
import { tensorBytes } from "../../src/formats/tensor-storage.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";

const STORAGE_OF: Record<string, string> = {
  f32: "FloatStorage",
  f16: "HalfStorage",
  bf16: "BFloat16Storage",
};

/** Pickle opcodes, by the name pickletools gives them. */
class PickleBytes {
  private readonly parts: number[] = [];
  op(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...Buffer.from(`${module}\n${name}\n`));
  }
  str(s: string): this {
    const b = Buffer.from(s, "utf8");
    return this.op(0x58, ...u32(b.length), ...b); // BINUNICODE
  }
  int(n: number): this {
    return n < 256 ? this.op(0x4b, n) : this.op(0x4a, ...u32(n)); // BININT1 / BININT
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const u32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const MARK = 0x28;
const TUPLE = 0x74;
const EMPTY_TUPLE = 0x29;
const REDUCE = 0x52;

/** data.pkl of a state dict whose tensor i lives in storage "i", as torch.save writes it. */
export function stateDictPickle(tensors: Map<string, Tensor>): Uint8Array {
  const p = new PickleBytes().op(0x80, 2);
  p.global("collections", "OrderedDict").op(0x71, 0, EMPTY_TUPLE, REDUCE, 0x71, 1, MARK); // BINPUT 0 / 1
  let key = 0;
  for (const [name, t] of tensors) {
    const stride: number[] = [];
    let s = 1;
    for (let i = t.shape.length - 1; i >= 0; i--) {
      stride.unshift(s);
      s *= t.shape[i];
    }
    p.str(name).global("torch._utils", "_rebuild_tensor_v2").op(MARK);
    // The storage: persistent id ("storage", torch.FloatStorage, "0", "cpu", numel).
    p.op(MARK).str("storage").global("torch", STORAGE_OF[t.dtype]).str(String(key++)).str("cpu").int(t.size);
    p.op(TUPLE, 0x51); // BINPERSID
    p.int(0).op(MARK);
    for (const d of t.shape) p.int(d);
    p.op(TUPLE, MARK);
    for (const d of stride) p.int(d);
    p.op(TUPLE, 0x89); // requires_grad False
    p.op(0x68, 0, EMPTY_TUPLE, REDUCE); // backward hooks: BINGET 0 (OrderedDict)()
    p.op(TUPLE, REDUCE);
  }
  p.op(0x75); // SETITEMS
  // state_dict()'s `_metadata` attribute, set by BUILD after the items.
  p.op(0x7d, MARK).str("_metadata").op(0x68, 0, EMPTY_TUPLE, REDUCE, 0x75, 0x62); // {…} BUILD
  return p.op(0x2e).bytes();
}

/** A pickle that, loaded by Python, would run `os.system(command)`. */
export function maliciousPickle(command: string): Uint8Array {
  return new PickleBytes()
    .op(0x80, 2)
    .global("os", "system")
    .op(MARK)
    .str(command)
    .op(TUPLE, REDUCE, 0x2e)
    .bytes();
}

/** A state dict holding a non-tensor object (a builtins.dict subclass built by `__builtin__.eval`). */
export function evalPickle(): Uint8Array {
  return new PickleBytes()
    .op(0x80, 2, 0x7d)
    .str("x")
    .global("builtins", "eval")
    .op(MARK)
    .str("1+1")
    .op(TUPLE, REDUCE, 0x73, 0x2e)
    .bytes();
}

/**
 * Writes `members` as a stored (uncompressed) ZIP archive. `zip64`: sizes and offsets in ZIP64 extra
 * records and a ZIP64 end record, as torch.save writes archives past 4 GiB (a 7B model's .bin).
 */
export function writeZip(path: string, members: [string, Uint8Array][], zip64 = false): void {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of members) {
    const n = Buffer.from(name);
    // torch pads each member so its data starts at a multiple of 64 (an "FB" extra field).
    const pad = (64 - ((offset + 30 + n.length + 4) % 64)) % 64;
    const extra = Buffer.alloc(4 + pad);
    extra.writeUInt16LE(0x4246, 0);
    extra.writeUInt16LE(pad, 2);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(45, 4);
    dir.writeUInt16LE(45, 6);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    dir.writeUInt32LE(zip64 ? 0xffffffff : data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    let x64 = Buffer.alloc(0);
    if (zip64) {
      // id 1: uncompressed size, compressed size, local header offset (the fields set to 0xFFFFFFFF).
      x64 = Buffer.alloc(28);
      x64.writeUInt16LE(1, 0);
      x64.writeUInt16LE(24, 2);
      x64.writeBigUInt64LE(BigInt(data.length), 4);
      x64.writeBigUInt64LE(BigInt(data.length), 12);
      x64.writeBigUInt64LE(BigInt(offset), 20);
      dir.writeUInt16LE(x64.length, 30);
    }
    central.push(dir, n, x64);
    chunks.push(local, n, extra, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += 30 + n.length + extra.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : members.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : members.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : dirBytes.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  const tail: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(members.length), 24);
    rec.writeBigUInt64LE(BigInt(members.length), 32);
    rec.writeBigUInt64LE(BigInt(dirBytes.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + dirBytes.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  writeFileSync(path, Buffer.concat([...chunks, dirBytes, ...tail, end]));
}

/** torch.save(state_dict, path) for f32/f16/bf16 tensors. */
export function writeTorchBin(
  path: string,
  tensors: Map<string, Tensor>,
  pickle = stateDictPickle(tensors),
  zip64 = false,
): void {
  const members: [string, Uint8Array][] = [["archive/data.pkl", pickle]];
  for (const t of tensors.values()) members.push([`archive/data/${members.length - 1}`, tensorBytes(t)]);
  members.push(["archive/byteorder", Buffer.from("little")], ["archive/version", Buffer.from("3\n")]);
  writeZip(path, members, zip64);
}

let table: Int32Array | undefined;
function crc32(b: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < b.length; i++) c = table[(c ^ b[i]) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
