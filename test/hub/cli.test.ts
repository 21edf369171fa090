import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { bytes, FakeHub, type FakeRepo } from "./fake-hub.ts";

const C = createHash("sha1").update("cli").digest("hex");
const repo: FakeRepo = {
  id: "org/tiny",
  refs: { main: C },
  files: [
    { path: "config.json", content: Buffer.from('{"model_type":"gpt2"}') },
    { path: "model.safetensors", content: bytes(40_000, 5), lfs: true },
  ],
};

let hub: FakeHub;
let home: string;
before(async () => {
  hub = await new FakeHub([repo]).start();
  home = mkdtempSync(join(tmpdir(), "tongguan-hub-cli-"));
});
after(async () => {
  await hub.stop();
  rmSync(home, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (asynchronously, so this process's fake hub keeps answering). */
function tongguan(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli(args, {
    env: { HF_HOME: home, HF_ENDPOINT: hub.url, ...env },
    unset: ["HF_TOKEN", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HUB_OFFLINE"],
    timeoutMs: 60_000,
  });
}

test("pull, list, rm through the CLI, with HF_HOME in a temp folder", async () => {
  const pulled = await tongguan(["pull", "org/tiny"]);
  assert.equal(pulled.code, 0, pulled.stderr);
  const snapshot = pulled.stdout.trim();
  assert.equal(
    snapshot,
    join(home, "hub", "models--org--tiny", "snapshots", C),
    "stdout is the snapshot folder alone",
  );
  assert.ok(lstatSync(join(snapshot, "model.safetensors")).isSymbolicLink());
  assert.deepEqual(readFileSync(join(snapshot, "model.safetensors")), repo.files[1].content);
  assert.match(pulled.stderr, /done {3}model\.safetensors \(39\.1 KiB\)/);
  assert.match(pulled.stderr, /org\/tiny: 2 file\(s\), .*2 downloaded, 0 already cached/);
  assert.ok(!pulled.stderr.includes("\x1b["), "no bars when stderr is not a terminal");

  const listed = await tongguan(["list"]);
  assert.equal(listed.code, 0, listed.stderr);
  const row = listed.stdout.split("\n").find((l) => l.startsWith("org/tiny"));
  assert.ok(row, listed.stdout);
  assert.deepEqual(row.split(/\s{2,}/), ["org/tiny", "main", "2", "39.1 KiB"]);

  const files = await tongguan(["list", "org/tiny"]);
  assert.match(files.stdout, new RegExp(`org/tiny @ ${C} \\(main\\)`));
  assert.match(files.stdout, /^ {2}config\.json +21 B$/m);
  assert.match(files.stdout, /^ {2}model\.safetensors +39\.1 KiB$/m);

  hub.requests.length = 0;
  const offline = await tongguan(["pull", "org/tiny"], { HF_HUB_OFFLINE: "1" });
  assert.equal(offline.code, 0, offline.stderr);
  assert.equal(offline.stdout.trim(), snapshot);
  assert.equal(hub.requests.length, 0, "HF_HUB_OFFLINE=1 makes no request");

  const removed = await tongguan(["rm", "org/tiny"]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /removed org\/tiny: 1 snapshot\(s\), 39\.1 KiB freed/);
  assert.equal(existsSync(join(home, "hub", "models--org--tiny")), false);

  const again = await tongguan(["rm", "org/tiny"]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^tongguan: org\/tiny is not in the cache .*tongguan list/);
  assert.match((await tongguan(["list"])).stdout, /^no models in the cache/);
});

test("CLI errors are one clear line: 404, and a bad --include", async () => {
  const missing = await tongguan(["pull", "org/nothing"], { HF_TOKEN: "hf_x" });
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^tongguan: org\/nothing \(revision main\): no such repo \(HTTP 404 at http:\/\/127\.0\.0\.1:\d+\/api\/models\/org\/nothing/,
  );
  assert.equal(missing.stderr.trim().split("\n").length, 1, "no stack trace");
  const none = await tongguan(["pull", "org/tiny", "--include", "*.gguf"]);
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /no file matches --include \*\.gguf; the repo has: config\.json, model\.safetensors/,
  );
});
