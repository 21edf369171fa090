/**
 * Checking a download against its ETag. The hub's ETags are content hashes:
 *
 * - LFS files (weights): the sha256 of the file, 64 hex digits.
 * - Small files kept in git (config.json, tokenizer.json): the git blob id, 40 hex digits,
 *   which is sha1("blob <size>\0" + contents), the hash `git hash-object` prints.
 *
 *   gitBlobSha1 of "hello\n" = sha1("blob 6\0hello\n") = ce013625030ba8dba906f756967f9e9ca394464a
 *
 * Any other ETag (some mirrors) cannot be checked, and `expectedDigest` says so by returning undefined.
 */
import { createHash, type Hash } from "node:crypto";

export type EtagKind = "sha256" | "git-sha1" | "opaque";

export function etagKind(etag: string): EtagKind {
  if (/^[0-9a-f]{64}$/.test(etag)) return "sha256";
  if (/^[0-9a-f]{40}$/.test(etag)) return "git-sha1";
  return "opaque";
}

/** Incremental hash of a file's bytes, in the form its ETag uses. */
export class ContentHasher {
  readonly kind: EtagKind;
  private readonly hash?: Hash;
  constructor(etag: string, size: number | undefined) {
    this.kind = etagKind(etag);
    if (this.kind === "sha256") this.hash = createHash("sha256");
    else if (this.kind === "git-sha1" && size !== undefined) {
      this.hash = createHash("sha1").update(`blob ${size}\0`);
    } else this.kind = "opaque"; // a git id without a known size cannot be recomputed
  }
  update(bytes: Uint8Array): void {
    this.hash?.update(bytes);
  }
  /** The hex digest, or undefined when this ETag cannot be checked. */
  digest(): string | undefined {
    return this.hash?.digest("hex");
  }
}
