import assert from "node:assert/strict";
import { test } from "node:test";
import { ContentHasher, etagKind } from "../../src/hub/checksum.ts";

test("a git ETag is the git blob id: `printf 'hello\\n' | git hash-object --stdin`", () => {
  const h = new ContentHasher("ce013625030ba8dba906f756967f9e9ca394464a", 6);
  assert.equal(h.kind, "git-sha1");
  h.update(Buffer.from("hel"));
  h.update(Buffer.from("lo\n")); // fed in pieces, as a download arrives
  assert.equal(h.digest(), "ce013625030ba8dba906f756967f9e9ca394464a");
});

test("an LFS ETag is the sha256 of the content (FIPS 180-2 example: sha256('abc'))", () => {
  const etag = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  const h = new ContentHasher(etag, undefined);
  assert.equal(h.kind, "sha256");
  h.update(Buffer.from("abc"));
  assert.equal(h.digest(), etag);
});

test("other ETags (some mirrors), or a git id of unknown size, cannot be checked", () => {
  assert.equal(etagKind("5d41402abc4b2a76b9719d911017c592-3"), "opaque");
  assert.equal(new ContentHasher("5d41402abc4b2a76b9719d911017c592-3", 10).digest(), undefined);
  assert.equal(new ContentHasher("ce013625030ba8dba906f756967f9e9ca394464a", undefined).digest(), undefined);
});
