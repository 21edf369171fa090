import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import {
  HubError,
  type HubProgressEvent,
  pullModel,
  removeCachedRepo,
  resolveModelPath,
  scanCache,
} from "../../src/hub/index.ts";
import { bytes, etagOf, type FakeFile, FakeHub, type FakeRepo } from "./fake-hub.ts";

const C = createHash("sha1").update("py").digest("hex");
const files: FakeFile[] = [
  { path: "config.json", content: Buffer.from('{"model_type":"llama"}') },
  { path: "model.safetensors", content: bytes(20_000, 3), lfs: true },
  { path: "tokenizer/tokenizer.json", content: Buffer.from('{"version":"1.0"}') },
];
const repo: FakeRepo = { id: "org/py", refs: { main: C }, files };

let cacheDir: string;
let hub: FakeHub;
before(async () => {
  hub = await new FakeHub([repo]).start();
});
after(async () => {
  await hub.stop();
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), "tongguan-hub-cache-"));
  hub.requests.length = 0;
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

/** Builds the cache exactly as Python's huggingface_hub writes it (no tongguan code involved). */
function writePythonCache(): string {
  const dir = join(cacheDir, "models--org--py");
  mkdirSync(join(dir, "blobs"), { recursive: true });
  mkdirSync(join(dir, "refs"));
  writeFileSync(join(dir, "refs", "main"), C);
  for (const f of files) {
    writeFileSync(join(dir, "blobs", etagOf(f)), f.content);
    const depth = f.path.split("/").length - 1;
    const pointer = join(dir, "snapshots", C, ...f.path.split("/"));
    mkdirSync(join(pointer, ".."), { recursive: true });
    symlinkSync(`${"../".repeat(depth + 2)}blobs/${etagOf(f)}`, pointer);
  }
  return join(dir, "snapshots", C);
}

const online = () => ({ endpoint: hub.url, cacheDir, offline: false, token: undefined, retries: 0 });

describe("the cache is shared with Python's huggingface_hub", () => {
  test("a Python-made cache is used offline, by ref and by commit", async () => {
    const snapshot = writePythonCache();
    const r = await pullModel("org/py", { cacheDir, offline: true });
    assert.equal(r.snapshot, snapshot);
    assert.equal(r.commit, C);
    assert.deepEqual(r.files.map((f) => f.path).sort(), files.map((f) => f.path).sort());
    assert.equal((await pullModel("org/py", { cacheDir, offline: true, revision: C })).snapshot, snapshot);
    assert.equal(await resolveModelPath("org/py", { cacheDir, offline: true }), snapshot);
  });

  test("online, a Python-made cache is reused: no file is downloaded", async () => {
    writePythonCache();
    const r = await pullModel("org/py", online());
    assert.ok(r.files.every((f) => f.cached));
    assert.equal(hub.seen("/cdn/").length, 0);
    assert.equal(hub.seen("/org/py/resolve/").length, 0);
  });

  test("scanCache reports repos, refs, files and sizes; datasets and junk are skipped", async () => {
    writePythonCache();
    mkdirSync(join(cacheDir, "datasets--org--data"));
    mkdirSync(join(cacheDir, ".locks"));
    writeFileSync(join(cacheDir, "models--org--py", "blobs", "abc.incomplete"), Buffer.alloc(7));
    const repos = await scanCache(cacheDir);
    assert.deepEqual(
      repos.map((r) => r.repoId),
      ["org/py"],
    );
    const [r] = repos;
    assert.equal(r!.snapshots.length, 1);
    assert.deepEqual(r!.snapshots[0].refs, ["main"]);
    assert.deepEqual(
      r!.snapshots[0].files.map((f) => [f.path, f.size, f.blob]),
      files
        .map((f) => [f.path, f.content.length, etagOf(f)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.equal(
      r!.sizeOnDisk,
      files.reduce((s, f) => s + f.content.length, 0),
    );
    assert.equal(r!.incompleteBytes, 7);
  });

  test("HF_HUB_OFFLINE with nothing cached: a clear error, and no request", async () => {
    await assert.rejects(pullModel("org/py", { ...online(), offline: true }), (err: unknown) => {
      assert.ok(err instanceof HubError && err.kind === "offline");
      assert.match(
        (err as Error).message,
        /HF_HUB_OFFLINE is set.*org\/py \(revision main\) is not in the cache.*tongguan pull org\/py/,
      );
      return true;
    });
    writePythonCache();
    await assert.rejects(
      pullModel("org/py", { ...online(), offline: true, include: ["*.gguf"] }),
      /no cached file.*--include \*\.gguf/,
    );
    await assert.rejects(
      pullModel("org/py", { ...online(), offline: true, revision: "dev" }),
      /revision dev\) is not in the cache/,
    );
    assert.equal(hub.requests.length, 0);
  });

  test("removeCachedRepo deletes a repo and refuses one that is not there", async () => {
    writePythonCache();
    const removed = await removeCachedRepo(cacheDir, "org/py");
    assert.equal(removed.snapshots.length, 1);
    assert.equal(existsSync(join(cacheDir, "models--org--py")), false);
    await assert.rejects(removeCachedRepo(cacheDir, "org/py"), /org\/py is not in the cache/);
  });
});

describe("resolveModelPath", () => {
  test("a local folder is returned as given, without the network", async () => {
    assert.equal(await resolveModelPath(cacheDir, { endpoint: "http://127.0.0.1:9" }), cacheDir);
  });

  test("a missing local path or a malformed id is a clear error", async () => {
    await assert.rejects(
      resolveModelPath("./no/such/dir", online()),
      /no such file or folder, and not a hub id/,
    );
    await assert.rejects(resolveModelPath("not an id", online()), /no such file or folder, and not a hub id/);
  });

  test("a hub id is downloaded and its snapshot folder returned", async () => {
    const dir = await resolveModelPath("org/py", { ...online(), include: ["*.json"] });
    assert.equal(dir, join(cacheDir, "models--org--py", "snapshots", C));
    assert.ok(existsSync(join(dir, "tokenizer", "tokenizer.json")));
    assert.equal(existsSync(join(dir, "model.safetensors")), false);
  });

  test("by default only the checkpoint's files are fetched, not the repo's other copies of the weights", async () => {
    const full: FakeRepo = {
      id: "org/full",
      refs: { main: C },
      files: [
        ...files,
        { path: "model-00001-of-00002.safetensors", content: bytes(10, 1), lfs: true },
        { path: "pytorch_model.bin", content: bytes(3000, 4), lfs: true },
        { path: "onnx/model.onnx", content: bytes(3000, 5), lfs: true },
        { path: "onnx/config.json", content: Buffer.from("{}") },
        { path: "model-q8_0.gguf", content: bytes(3000, 6), lfs: true },
      ],
    };
    const gguf: FakeRepo = { id: "org/gguf", refs: { main: C }, files: [full.files.at(-1)!] };
    hub.repos.push(full, gguf);
    try {
      const dir = await resolveModelPath("org/full", online());
      const repos = await scanCache(cacheDir);
      // tokenizer/tokenizer.json is in a subfolder, so it is left out like onnx/config.json.
      assert.deepEqual(
        repos[0].snapshots[0].files.map((f) => f.path),
        ["config.json", "model-00001-of-00002.safetensors", "model.safetensors"],
      );
      assert.ok(existsSync(join(dir, "config.json")));
      await assert.rejects(
        resolveModelPath("org/gguf", online()),
        /holds no Hugging Face checkpoint.*model-q8_0\.gguf/,
      );
      const one = await resolveModelPath("org/gguf", { ...online(), include: ["*q8_0.gguf"] });
      assert.ok(existsSync(join(one, "model-q8_0.gguf")));
    } finally {
      hub.repos.splice(-2);
    }
  });

  test("when the hub is unreachable, a cached snapshot is used and reported", async () => {
    const port = await closedPort();
    const unreachable = { ...online(), endpoint: `http://127.0.0.1:${port}` };
    await assert.rejects(resolveModelPath("org/py", unreachable), /could not reach/);
    const snapshot = writePythonCache();
    const events: HubProgressEvent[] = [];
    assert.equal(
      await resolveModelPath("org/py", { ...unreachable, onProgress: (e) => events.push(e) }),
      snapshot,
    );
    const note = events.find((e) => e.status === "offline");
    assert.ok(note?.status === "offline" && /could not reach/.test(note.reason));
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
