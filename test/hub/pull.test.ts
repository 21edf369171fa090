import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { HubError, type HubProgressEvent, pullModel, repoDir } from "../../src/hub/index.ts";
import { bytes, etagOf, FakeHub, type FakeRepo, gitBlobSha1, sha256 } from "./fake-hub.ts";

const commit = (s: string) => createHash("sha1").update(s).digest("hex");
const C1 = commit("first");
const C2 = commit("second");

const weights = { path: "model.safetensors", content: bytes(300_000, 7), lfs: true };
const onnx = { path: "onnx/model.onnx", content: bytes(50_000, 9), lfs: true };
const configJson = { path: "config.json", content: Buffer.from('{"model_type":"gpt2"}\n') };
const notes = { path: "docs/notes.md", content: Buffer.from("# notes\n") };
const repo: FakeRepo = {
  id: "org/tiny",
  refs: { main: C1, v1: C1 },
  files: [configJson, notes, weights, onnx],
};
const changed: FakeRepo = {
  id: "org/changing",
  refs: { main: C2 },
  files: [{ ...configJson }, { path: "model.safetensors", content: weights.content, lfs: true }],
};

let hub: FakeHub;
let cacheDir: string;
const options = () => ({ endpoint: hub.url, cacheDir, token: undefined, offline: false, retries: 0 });

before(async () => {
  hub = await new FakeHub([repo, changed]).start();
});
after(async () => {
  await hub.stop();
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), "tongguan-hub-"));
  hub.requests.length = 0;
});
afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("pullModel against a local hub", () => {
  test("writes huggingface_hub's cache layout: refs, blobs named by etag, relative snapshot symlinks", async () => {
    const result = await pullModel("org/tiny", options());
    const dir = repoDir(cacheDir, "org/tiny");
    assert.equal(dir, join(cacheDir, "models--org--tiny"));
    assert.equal(readFileSync(join(dir, "refs", "main"), "utf8"), C1);
    assert.equal(result.commit, C1);
    assert.equal(result.snapshot, join(dir, "snapshots", C1));
    for (const file of repo.files) {
      const pointer = join(result.snapshot, file.path);
      assert.ok(lstatSync(pointer).isSymbolicLink(), `${file.path} is a symlink`);
      const depth = file.path.split("/").length - 1;
      assert.equal(readlinkSync(pointer), `${"../".repeat(depth + 2)}blobs/${etagOf(file)}`);
      assert.deepEqual(readFileSync(pointer), file.content);
    }
    const blobs = readdirSync(join(dir, "blobs")).sort();
    assert.deepEqual(
      blobs,
      [...new Set(repo.files.map(etagOf))].sort(),
      "one blob per content, nothing else",
    );
    assert.equal(
      hub.seen(`/cdn/${sha256(weights.content)}`, "GET").length,
      1,
      "the shared blob is fetched once",
    );
    assert.equal(etagOf(weights), sha256(weights.content), "LFS blobs are named by sha256");
  });

  test("a second pull downloads nothing: every file is found in the snapshot", async () => {
    await pullModel("org/tiny", options());
    hub.requests.length = 0;
    const events: HubProgressEvent[] = [];
    const result = await pullModel("org/tiny", { ...options(), onProgress: (e) => events.push(e) });
    assert.ok(result.files.every((f) => f.cached));
    assert.deepEqual(
      hub.requests.map((r) => r.method),
      ["GET"],
      "only the repo listing is asked for",
    );
    assert.equal(events.filter((e) => e.status === "progress").length, 0);
  });

  test("a blob shared with another commit is linked, not downloaded again", async () => {
    await pullModel("org/tiny", { ...options(), include: ["model.safetensors"] });
    // Same content in another repo: the blob must be downloaded again there (blobs are per repo)...
    await pullModel("org/changing", options());
    const cdn = hub.seen("/cdn/", "GET");
    assert.equal(cdn.length, 2, "one CDN download per repo");
    // ...but a new revision of the same repo reuses it.
    hub.requests.length = 0;
    await pullModel("org/tiny", { ...options(), revision: "v1", include: ["model.safetensors"] });
    assert.equal(hub.seen("/cdn/").length, 0);
    assert.equal(readFileSync(join(repoDir(cacheDir, "org/tiny"), "refs", "v1"), "utf8"), C1);
  });

  test("--include keeps only matching files (fnmatch: * crosses folders)", async () => {
    const result = await pullModel("org/tiny", { ...options(), include: ["*.json", "*.md"] });
    assert.deepEqual(result.files.map((f) => f.path).sort(), ["config.json", "docs/notes.md"]);
    assert.equal(existsSync(join(result.snapshot, "model.safetensors")), false);
    assert.equal(hub.seen("/cdn/").length, 0);
    await assert.rejects(pullModel("org/tiny", { ...options(), include: ["*.gguf"] }), (err: Error) => {
      assert.match(err.message, /no file matches --include \*\.gguf.*config\.json/);
      return true;
    });
  });

  test("progress events: plan, download, progress up to the size, done, ready", async () => {
    const events: HubProgressEvent[] = [];
    await pullModel("org/tiny", {
      ...options(),
      include: ["model.safetensors"],
      onProgress: (e) => events.push(e),
    });
    const plan = events.find((e) => e.status === "plan");
    assert.ok(plan && plan.status === "plan");
    assert.equal(plan.total, weights.content.length);
    const progress = events.filter((e) => e.status === "progress");
    assert.ok(progress.length >= 1);
    const last = progress.at(-1)!;
    assert.ok(
      last.status === "progress" && last.loaded === weights.content.length && last.total === last.loaded,
    );
    assert.deepEqual(
      events.map((e) => e.status).filter((s, i, a) => s !== a[i - 1]),
      ["plan", "initiate", "download", "progress", "done", "ready"],
    );
  });

  test("LFS redirect to another origin: the token is not sent there, but is sent to the hub", async () => {
    const cdn = await new FakeHub([repo]).start();
    hub.cdnOrigin = cdn.url;
    try {
      await pullModel("org/tiny", { ...options(), token: "secret", include: ["*.safetensors"] });
      const got = cdn.seen("/cdn/", "GET");
      assert.equal(got.length, 1);
      assert.equal(got[0].headers.authorization, undefined);
      assert.equal(hub.seen("/api/")[0].headers.authorization, "Bearer secret");
    } finally {
      hub.cdnOrigin = undefined;
      await cdn.stop();
    }
  });

  test("a renamed repo: the hub's relative redirects are followed, the cache uses the name asked for", async () => {
    hub.renamed.set("org/old-name", "org/tiny");
    try {
      const result = await pullModel("org/old-name", { ...options(), include: ["*.json", "*.safetensors"] });
      assert.equal(result.snapshot, join(repoDir(cacheDir, "org/old-name"), "snapshots", C1));
      assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
    } finally {
      hub.renamed.clear();
    }
  });

  test("same-origin redirect keeps the token (a mirror serving LFS files itself)", async () => {
    await pullModel("org/tiny", { ...options(), token: "secret", include: ["*.safetensors"] });
    assert.equal(hub.seen("/cdn/", "GET")[0].headers.authorization, "Bearer secret");
  });
});

describe("resume and verification", () => {
  const sha = sha256(weights.content);
  const blobs = () => join(repoDir(cacheDir, "org/tiny"), "blobs");
  const only = { include: ["model.safetensors"] };

  test("a connection cut mid-file leaves only .incomplete; the next pull resumes with Range and verifies", async () => {
    hub.stallAfter.set(sha, 100_000);
    const cutOnBytes = (e: HubProgressEvent) => {
      if (e.status === "progress" && e.loaded > 0) setImmediate(() => hub.cutStalled());
    };
    await assert.rejects(
      pullModel("org/tiny", { ...options(), ...only, onProgress: cutOnBytes }),
      (err: unknown) => {
        assert.ok(err instanceof HubError && err.kind === "network");
        assert.match((err as Error).message, new RegExp(`/cdn/${sha}`));
        return true;
      },
    );
    const partial = join(blobs(), `${sha}.incomplete`);
    const have = statSync(partial).size;
    assert.ok(have > 0 && have < weights.content.length, `partial file holds ${have} bytes`);
    assert.equal(existsSync(join(blobs(), sha)), false, "no complete-looking blob");
    assert.equal(existsSync(join(repoDir(cacheDir, "org/tiny"), "refs", "main")), false, "no ref yet");
    assert.equal(
      existsSync(join(repoDir(cacheDir, "org/tiny"), "snapshots", C1, "model.safetensors")),
      false,
    );

    hub.requests.length = 0;
    const events: HubProgressEvent[] = [];
    const result = await pullModel("org/tiny", { ...options(), ...only, onProgress: (e) => events.push(e) });
    assert.equal(hub.seen("/cdn/", "GET")[0].headers.range, `bytes=${have}-`);
    const start = events.find((e) => e.status === "download");
    assert.ok(start?.status === "download" && start.resumedFrom === have);
    assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
    assert.equal(sha256(readFileSync(join(blobs(), sha))), sha);
    assert.equal(existsSync(partial), false);
  });

  test("with retries, a cut is resumed within the same pull", async () => {
    // The connection is cut once the client has taken bytes from it (a cut on a timer could come
    // before the client read anything, and then there is nothing to resume from).
    hub.stallAfter.set(sha, 64_000);
    const events: HubProgressEvent[] = [];
    const result = await pullModel("org/tiny", {
      ...options(),
      ...only,
      retries: 2,
      onProgress: (e) => {
        events.push(e);
        if (e.status === "progress" && e.loaded > 0) setImmediate(() => hub.cutStalled());
      },
    });
    assert.equal(events.filter((e) => e.status === "retry").length, 1);
    const gets = hub.seen("/cdn/", "GET");
    assert.equal(gets.length, 2);
    assert.match(gets[1].headers.range ?? "", /^bytes=[1-9]\d*-$/);
    assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
  });

  test("a stalled connection times out and is resumed", async () => {
    hub.stallAfter.set(sha, 10_000);
    const result = await pullModel("org/tiny", { ...options(), ...only, retries: 1, idleTimeoutMs: 500 });
    assert.equal(hub.seen("/cdn/", "GET").length, 2);
    assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
  });

  test("a slow but steady download is not cut by the timeout (it only covers silence)", async () => {
    hub.trickle = { pieces: 8, delayMs: 150 };
    try {
      const result = await pullModel("org/tiny", {
        ...options(),
        ...only,
        timeoutMs: 500,
        idleTimeoutMs: 500,
      });
      assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
    } finally {
      hub.trickle = undefined;
    }
  });

  test("a server that ignores Range sends the whole file again, and the result is still right", async () => {
    hub.cutAfter.set(sha, 50_000);
    await assert.rejects(pullModel("org/tiny", { ...options(), ...only }));
    hub.ignoreRange = true;
    try {
      const result = await pullModel("org/tiny", { ...options(), ...only });
      assert.deepEqual(readFileSync(join(result.snapshot, "model.safetensors")), weights.content);
    } finally {
      hub.ignoreRange = false;
    }
  });

  test("a wrong checksum is rejected and leaves nothing that looks complete", async () => {
    hub.corrupt.add(sha);
    try {
      await assert.rejects(pullModel("org/tiny", { ...options(), ...only }), (err: unknown) => {
        assert.ok(err instanceof HubError && err.kind === "checksum");
        assert.match((err as Error).message, new RegExp(`checksum mismatch, expected ${sha}`));
        return true;
      });
    } finally {
      hub.corrupt.delete(sha);
    }
    assert.deepEqual(readdirSync(blobs()), [], "neither the blob nor a partial file is left");
    const dir = repoDir(cacheDir, "org/tiny");
    assert.equal(existsSync(join(dir, "snapshots", C1, "model.safetensors")), false);
    assert.equal(existsSync(join(dir, "refs", "main")), false);
  });

  test("a wrong checksum on a small git file is rejected too (git blob sha1)", async () => {
    hub.lyingEtag.set("config.json", gitBlobSha1(Buffer.from("other content")));
    try {
      await assert.rejects(
        pullModel("org/tiny", { ...options(), include: ["config.json"] }),
        /checksum mismatch/,
      );
    } finally {
      hub.lyingEtag.clear();
    }
    assert.deepEqual(readdirSync(blobs()), []);
  });
});
