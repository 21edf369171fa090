/**
 * The table of contents of a ZIP archive (PKWARE APPNOTE), enough to find each member's bytes in the
 * file without extracting anything: PyTorch's `torch.save` writes a ZIP whose tensor members are
 * *stored* (uncompressed), so a tensor can be read straight from its offset.
 *
 *   … local header + data for each member … | central directory (one record per member) | end record
 *
 * The end record (the last 22+ bytes) gives where the central directory starts; each directory record
 * gives a member's name, method, sizes and local-header offset; the local header's own name/extra
 * lengths then give where the data starts. ZIP64 (archives or members past 4 GiB) keeps the real
 * numbers in extra records, read here too.
 */
import { closeSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { openForReading, readExactly } from "./file-reader.ts";

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Absolute file offset of the member's (possibly compressed) bytes. */
  dataOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Members of the ZIP archive at `path`, by name. */
export function readZipDirectory(path: string): Map<string, ZipMember> {
  const { fd, size } = openForReading(path);
  const read = (offset: number, n: number, what: string): Buffer => {
    if (offset < 0 || offset + n > size) throw fileError(path, t("formats.zip.notAValidZip", { what }));
    const b = Buffer.alloc(n);
    readExactly(fd, path, b, offset, what);
    return b;
  };
  try {
    // The end record sits in the last 22 bytes, or earlier when the archive has a comment (≤ 65535 bytes).
    const tailLen = Math.min(size, 22 + 65535);
    const tail = read(size - tailLen, tailLen, "the end record");
    let e = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        e = i;
        break;
      }
    }
    if (e < 0) throw fileError(path, t("formats.zip.notAZipArchive"));
    let count = tail.readUInt16LE(e + 10);
    let dirSize = tail.readUInt32LE(e + 12);
    let dirOffset = tail.readUInt32LE(e + 16);
    const eocdAt = size - tailLen + e;
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      const loc = read(eocdAt - 20, 20, "the ZIP64 locator");
      if (loc.readUInt32LE(0) !== ZIP64_LOCATOR) throw fileError(path, t("formats.zip.zipArchiveWithoutIts"));
      const rec = read(Number(loc.readBigUInt64LE(8)), 56, "the ZIP64 end record");
      if (rec.readUInt32LE(0) !== ZIP64_EOCD) throw fileError(path, t("formats.zip.zipEndRecordNot"));
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    const dir = read(dirOffset, dirSize, "the central directory");
    const members = new Map<string, ZipMember>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
        throw fileError(path, t("formats.zip.corruptZipCentralDirectory", { i }));
      const method = dir.readUInt16LE(p + 10);
      let compressedSize = dir.readUInt32LE(p + 20);
      let usize = dir.readUInt32LE(p + 24);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      let localOffset = dir.readUInt32LE(p + 42);
      if (p + 46 + nameLen + extraLen > dir.length)
        throw fileError(path, t("formats.zip.corruptZipEntry", { i }));
      const name = dir.toString("utf8", p + 46, p + 46 + nameLen);
      // ZIP64 extra field (id 1): the 64-bit values of whichever 32-bit fields are 0xFFFFFFFF, in order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = dir.readUInt16LE(x);
        const len = dir.readUInt16LE(x + 2);
        if (id === 1) {
          let q = x + 4;
          const next = () => {
            if (q + 8 > x + 4 + len) throw fileError(path, t("formats.zip.corruptZipExtraField", { name }));
            const v = Number(dir.readBigUInt64LE(q));
            q += 8;
            return v;
          };
          if (usize === 0xffffffff) usize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localOffset === 0xffffffff) localOffset = next();
        }
        x += 4 + len;
      }
      const local = read(localOffset, 30, `the local header of '${name}'`);
      if (local.readUInt32LE(0) !== LOCAL)
        throw fileError(path, t("formats.zip.corruptZipLocalHeader", { name }));
      const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataOffset + compressedSize > size)
        throw fileError(path, t("formats.zip.zipMemberRunsPast", { name }));
      members.set(name, { name, method, compressedSize, size: usize, dataOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

/** A small member's bytes (inflated when it is deflated): the pickle, never a tensor. */
export function readZipMember(path: string, m: ZipMember, limit = 1 << 30): Uint8Array {
  if (m.size > limit)
    throw fileError(path, t("formats.zip.zipMemberIsBytes", { mName: m.name, mSize: m.size }));
  const { fd } = openForReading(path);
  try {
    const raw = Buffer.alloc(m.compressedSize);
    readExactly(fd, path, raw, m.dataOffset, `ZIP member '${m.name}'`);
    if (m.method === 0) return raw;
    if (m.method === 8) return inflateRawSync(raw, { maxOutputLength: Math.max(m.size, 1) });
    throw fileError(path, t("formats.zip.zipMemberUsesCompression", { mName: m.name, method: m.method }));
  } finally {
    closeSync(fd);
  }
}
