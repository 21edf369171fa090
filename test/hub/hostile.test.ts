/**
 * The hub client against hostile hubs and unlucky timing: revisions that climb out of the cache,
 * credentials in HF_ENDPOINT, a mirror that truncates, two pulls of one repo at once, file names no
 * file system takes, and ETags that are paths.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, afterEach, before, beforeEach, test } from "node:test";
import { hubConfig } from "../../src/hub/config.ts";
import { pullModel, repoDir } from "../../src/hub/index.ts";
import { bytes, FakeHub, type FakeRepo, sha256 } from "./fake-hub.ts";

const C1 = createHash("sha1").update("first").digest("hex");
const weights = { path: "model.safetensors", content: bytes(400_000, 3), lfs: true };
const big = { path: "model-2.safetensors", content: bytes(300_000, 5), lfs: true };
const configJson = { path: "config.json", content: Buffer.from('{"model_type":"gpt2","n":1}\n') };
const repo: FakeRepo = { id: "org/tiny", refs: { main: C1 }, files: [configJson, weights, big] };

let hub: FakeHub;
let cacheDir: string;
const options = () => ({ endpoint: hub.url, cacheDir, token: undefined, offline: false, retries: 0 });

before(async () => {
  hub = await new FakeHub([repo]).start();
});
after(() => hub.stop());
beforeEach(() => {
  cacheDir = join(mkdtempSync(join(tmpdir(), "tongguan-hub-hostile-")), "hub");
  hub.opaqueTruncated.clear();
  hub.rawEtag.clear();
  hub.extraListed.length = 0;
  hub.redirectTo.clear();
  hub.trickle = undefined;
});
afterEach(() => rmSync(dirname(cacheDir), { recursive: true, force: true }));

test("a revision that is not a git ref name is refused before anything is written", async () => {
  for (const revision of ["../../escape", "a/../b", "/abs", "main.lock", "x\0y", "a b", "a..b", "@{-1}"]) {
    await assert.rejects(pullModel("org/tiny", { ...options(), revision }), (err: Error) => {
      assert.match(err.message, /revision .* is not a valid branch, tag or commit name/, revision);
      return true;
    });
  }
  assert.equal(existsSync(join(dirname(cacheDir), "escape")), false);
  assert.equal(existsSync(cacheDir), false);
});

test("a password in HF_ENDPOINT never shows in a message", async () => {
  const withPassword = hub.url.replace("http://", "http://user:s3cr3t-pw@");
  await assert.rejects(
    pullModel("org/missing", { ...options(), endpoint: withPassword }),
    (err: Error) => !err.message.includes("s3cr3t-pw") && /user:\*\*\*@|\*\*\*/.test(err.message),
  );
  await assert.rejects(
    pullModel("org/tiny", { ...options(), endpoint: "http://user:s3cr3t-pw@127.0.0.1:1" }),
    (err: Error) => !err.message.includes("s3cr3t-pw"),
  );
  assert.throws(
    () => hubConfig({}, { HF_ENDPOINT: "ftp://user:s3cr3t-pw@mirror.example" }),
    (err: Error) => !err.message.includes("s3cr3t-pw"),
  );
});

test("a mirror with an opaque ETag and no size that truncates a file: refused by the listing's size", async () => {
  hub.opaqueTruncated.set("config.json", 10);
  await assert.rejects(pullModel("org/tiny", { ...options(), include: ["config.json"] }), /byte 10 of 28/);
  const snapshot = join(repoDir(cacheDir, "org/tiny"), "snapshots", C1);
  assert.equal(existsSync(join(snapshot, "config.json")), false);
});

test("an ETag that is a path is refused (a blob is named by it)", async () => {
  hub.rawEtag.set("config.json", '"../../../evil"');
  await assert.rejects(pullModel("org/tiny", { ...options(), include: ["config.json"] }), /ETag/);
  assert.equal(existsSync(join(dirname(cacheDir), "evil")), false);
});

test("file names no file system takes: NUL, a part over 255 bytes, a file beside a folder of its name", async () => {
  for (const bad of ["a\0b.json", `${"x".repeat(256)}.json`, "config.json/inner"]) {
    hub.extraListed.length = 0;
    hub.extraListed.push(bad);
    await assert.rejects(pullModel("org/tiny", options()), (err: Error) => {
      assert.match(err.message, /unsafe file name|file name/);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  }
});

test("two pulls of one repo at once: both succeed, one download per blob, the blobs are right", async () => {
  hub.trickle = { pieces: 8, delayMs: 15 };
  const before = hub.seen("/cdn/").length;
  const [a, b] = await Promise.all([pullModel("org/tiny", options()), pullModel("org/tiny", options())]);
  assert.equal(a.snapshot, b.snapshot);
  for (const f of [weights, big]) {
    const onDisk = readFileSync(join(a.snapshot, f.path));
    assert.equal(sha256(onDisk), sha256(f.content), f.path);
  }
  assert.equal(hub.seen("/cdn/").length - before, 2, "each LFS blob fetched once");
  const blobs = readdirSync(join(repoDir(cacheDir, "org/tiny"), "blobs"));
  assert.deepEqual(
    blobs.filter((n) => n.endsWith(".incomplete")),
    [],
  );
  const locks = join(cacheDir, ".locks", "models--org--tiny");
  assert.ok(existsSync(locks), "huggingface_hub's lock folder");
  assert.deepEqual(readdirSync(locks), [], "every lock released");
});

test("redirects to data: or file: URLs are not followed", async () => {
  for (const location of ["data:application/json,{}", "file:///etc/passwd"]) {
    hub.redirectTo.set("config.json", location);
    await assert.rejects(
      pullModel("org/tiny", { ...options(), include: ["config.json"] }),
      /redirects to a (data|file): URL; refusing to follow it/,
    );
  }
});
