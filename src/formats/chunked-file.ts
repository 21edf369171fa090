/**
 * Reads a file a chunk at a time, so a 3.6 GB vectors file never becomes one string or one buffer.
 *
 * The readers of word-vector files only ever need "the next few bytes" (a word, then 400 bytes of
 * floats) or "the next line". `ChunkedFile` keeps a window of the file in memory and slides it
 * forward; it always knows the absolute byte offset, so error messages can say where things broke.
 *
 *   const f = new ChunkedFile("vectors.bin");
 *   const header = f.readLine();        // "10000 100" (without the newline)
 *   f.ensure(400);                      // at least 400 bytes are now in f.buffer from f.pos on
 */
import { closeSync, openSync, readSync } from "node:fs";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";

const DEFAULT_CHUNK = 1 << 20; // 1 MiB: large enough that syscalls cost nothing, small enough to not matter

export class ChunkedFile {
  readonly path: string;
  /** The window of the file now in memory; valid bytes are [0, end). */
  buffer: Buffer;
  /** Read position inside `buffer`. */
  pos = 0;
  /** Number of valid bytes in `buffer`. */
  end = 0;
  /** File offset of buffer[0]. */
  private base = 0;
  private fd: number;
  private eof = false;
  /** 1-based number of the line `readLine` returns next. */
  lineNumber = 1;

  constructor(path: string, chunkBytes = DEFAULT_CHUNK) {
    this.path = path;
    try {
      this.fd = openSync(path, "r");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw fileError(
        path,
        code === "ENOENT"
          ? t("formats.chunkedFile.noSuchFile")
          : t("formats.chunkedFile.cannotOpen", { code: code ?? String(err) }),
      );
    }
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** Absolute file offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Makes at least `n` bytes available from `pos` on; returns false if the file ends first. */
  ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    // Slide the unread tail to the front, grow if one record is larger than the window.
    const tail = this.end - this.pos;
    if (n > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, this.pos, this.end);
      this.buffer = bigger;
    } else if (this.pos > 0) {
      this.buffer.copy(this.buffer, 0, this.pos, this.end);
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = tail;
    while (this.end < n && !this.eof) {
      const got = readSync(
        this.fd,
        this.buffer,
        this.end,
        this.buffer.length - this.end,
        this.base + this.end,
      );
      if (got === 0) this.eof = true;
      this.end += got;
    }
    return this.end - this.pos >= n;
  }

  /** True when every byte has been consumed. */
  atEnd(): boolean {
    return !this.ensure(1);
  }

  /**
   * The next line as raw bytes (a view, valid until the next read), without its "\n" (and "\r");
   * null at end of file.
   */
  readLineBytes(): Buffer | null {
    let scanFrom = this.pos;
    for (;;) {
      const nl = this.buffer.indexOf(10, scanFrom);
      if (nl !== -1 && nl < this.end) {
        let stop = nl;
        if (stop > this.pos && this.buffer[stop - 1] === 13) stop--;
        const line = this.buffer.subarray(this.pos, stop);
        this.pos = nl + 1;
        this.lineNumber++;
        return line;
      }
      const have = this.end - this.pos;
      if (!this.ensure(have + 1)) {
        if (have === 0) return null;
        // Last line without a trailing newline.
        const line = this.buffer.subarray(this.pos, this.end);
        this.pos = this.end;
        this.lineNumber++;
        return line;
      }
      scanFrom = this.pos + have; // ensure() may have moved the window; rescan only the new bytes
    }
  }

  /** The next line decoded as UTF-8, or null at end of file. */
  readLine(): string | null {
    const bytes = this.readLineBytes();
    return bytes === null ? null : bytes.toString("utf8");
  }

  close(): void {
    closeSync(this.fd);
  }
}
