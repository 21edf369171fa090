/**
 * A little-endian reader over a file descriptor that never trusts a length it reads.
 *
 * Model headers are read through a window of the file (1 MiB at a time), and every count or length
 * that comes from the file is checked against the bytes that remain before anything is allocated:
 * a header that claims a 2^60-byte string fails at once with a TongguanError naming the file and the
 * field instead of trying to allocate it.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { fileError, TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

const WINDOW = 1 << 20;
// fs.readSync reads at most 2 GiB - 1 per call.
const MAX_READ = 1 << 30;

/** Opens `path` for reading, turning ENOENT & co. into a TongguanError. */
export function openForReading(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw fileError(path, t("formats.fileReader.cannotOpen", { message: (e as Error).message }));
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw fileError(path, t("formats.fileReader.notARegularFile"));
  }
  return { fd, size: st.size };
}

/**
 * Reads exactly `dest.byteLength` bytes at file offset `position` into `dest` (which may be a view of
 * the shared wasm memory: the bytes land there directly, with no intermediate Buffer).
 */
export function readExactly(
  fd: number,
  path: string,
  dest: Uint8Array,
  position: number,
  what: string,
): void {
  let done = 0;
  while (done < dest.byteLength) {
    const n = readSync(fd, dest, done, Math.min(dest.byteLength - done, MAX_READ), position + done);
    if (n === 0)
      throw fileError(path, t("formats.fileReader.truncatedWhileReadingFile", { what, v2: position + done }));
    done += n;
  }
}

export class FileReader {
  /** Absolute file offset of the next byte to read. */
  pos = 0;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    readonly path: string,
    readonly fd: number,
    readonly size: number,
  ) {}

  /** Bytes between the current position and the end of the file. */
  get remaining(): number {
    return this.size - this.pos;
  }

  /** Throws unless `n` more bytes exist; `what` names the field for the message. */
  require(n: number, what: string): void {
    if (!(n <= this.remaining)) {
      throw fileError(
        this.path,
        t("formats.fileReader.truncatedOrCorruptNeeds", {
          what,
          n,
          pos: this.pos,
          remaining: this.remaining,
        }),
      );
    }
  }

  /** Makes bytes [pos, pos+n) available in the window; returns their index in the window. */
  private view(n: number, what: string): number {
    this.require(n, what);
    const end = this.windowStart + this.window.length;
    if (this.pos < this.windowStart || this.pos + n > end) {
      const len = Math.min(Math.max(n, WINDOW), this.size - this.pos);
      this.window = Buffer.alloc(len);
      readExactly(this.fd, this.path, this.window, this.pos, what);
      this.windowStart = this.pos;
    }
    const at = this.pos - this.windowStart;
    this.pos += n;
    return at;
  }

  u8(what: string): number {
    const at = this.view(1, what);
    return this.window[at];
  }
  i8(what: string): number {
    const at = this.view(1, what);
    return this.window.readInt8(at);
  }
  u16(what: string): number {
    const at = this.view(2, what);
    return this.window.readUInt16LE(at);
  }
  i16(what: string): number {
    const at = this.view(2, what);
    return this.window.readInt16LE(at);
  }
  u32(what: string): number {
    const at = this.view(4, what);
    return this.window.readUInt32LE(at);
  }
  i32(what: string): number {
    const at = this.view(4, what);
    return this.window.readInt32LE(at);
  }
  f32(what: string): number {
    const at = this.view(4, what);
    return this.window.readFloatLE(at);
  }
  f64(what: string): number {
    const at = this.view(8, what);
    return this.window.readDoubleLE(at);
  }
  u64big(what: string): bigint {
    const at = this.view(8, what);
    return this.window.readBigUInt64LE(at);
  }
  i64big(what: string): bigint {
    const at = this.view(8, what);
    return this.window.readBigInt64LE(at);
  }

  /** A u64 that must be a safe JavaScript integer (counts, lengths, offsets). */
  u64(what: string): number {
    // Two u32 halves rather than a BigInt: vocabularies read ~300k string lengths.
    const at = this.view(8, what);
    const lo = this.window.readUInt32LE(at);
    const hi = this.window.readUInt32LE(at + 4);
    if (hi > 0x1fffff) {
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      throw fileError(this.path, t("formats.fileReader.corruptIsFarLarger", { what, v }));
    }
    return hi * 2 ** 32 + lo;
  }

  /** Raw bytes decoded as UTF-8 (a copy, so the window may move on). */
  utf8(n: number, what: string): string {
    const at = this.view(n, what);
    return this.window.toString("utf8", at, at + n);
  }

  bytes(n: number, what: string): Uint8Array {
    const at = this.view(n, what);
    return Uint8Array.prototype.slice.call(this.window, at, at + n);
  }

  skip(n: number, what: string): void {
    this.require(n, what);
    this.pos += n;
  }
}

/** Opens `path`, runs `fn` with a FileReader, always closes the file. Non-TongguanErrors from bad data are wrapped. */
export function withFileReader<T>(path: string, fn: (r: FileReader) => T): T {
  const { fd, size } = openForReading(path);
  try {
    return fn(new FileReader(path, fd, size));
  } catch (e) {
    if (e instanceof TongguanError) throw e;
    if (e instanceof RangeError)
      throw fileError(path, t("formats.fileReader.corrupt", { eMessage: e.message }));
    throw e;
  } finally {
    closeSync(fd);
  }
}
