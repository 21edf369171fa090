// A repo that publishes only PyTorch `pytorch_model*.bin` weights (no safetensors) is still a
// checkpoint: the hub fetches its .bin files (sharded with their index), and `run` works on it,
// with the tokens it gives on the same folder read from disk. Where safetensors exist, no .bin is fetched.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  checkpointFiles,
  MODEL_FILES,
  PYTORCH_FILES,
  resolveModelPath,
  scanCache,
} from "../../src/hub/index.ts";
import { writeTinyChatGlmFolder } from "../formats/tiny-chatglm.ts";
import { runCli } from "../helpers/cli.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";
import { bytes, type FakeFile, FakeHub } from "./fake-hub.ts";

const C = createHash("sha1").update("bin-only").digest("hex");

let hub: FakeHub;
let cacheDir: string;
before(async () => {
  hub = await new FakeHub([]).start();
  cacheDir = mkdtempSync(join(tmpdir(), "tongguan-hub-bin-"));
});
after(async () => {
  await hub.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});
const online = () => ({ endpoint: hub.url, cacheDir, offline: false, token: undefined, retries: 0 });

describe("checkpointFiles", () => {
  test("adds the PyTorch files only when the repo has no safetensors weights", () => {
    assert.deepEqual(checkpointFiles(["config.json", "model.safetensors", "pytorch_model.bin"]), MODEL_FILES);
    assert.deepEqual(checkpointFiles(["config.json", "model-00001-of-00002.safetensors"]), MODEL_FILES);
    assert.deepEqual(checkpointFiles(["config.json", "pytorch_model.bin"]), [
      ...MODEL_FILES,
      ...PYTORCH_FILES,
    ]);
  });
});

describe("a repo with only pytorch_model*.bin", () => {
  test("the default pull fetches the .bin shards and their index, not the other frameworks' weights", async () => {
    const files: FakeFile[] = [
      { path: "config.json", content: Buffer.from('{"model_type":"gpt2"}') },
      { path: "pytorch_model.bin.index.json", content: Buffer.from('{"weight_map":{}}') },
      { path: "pytorch_model-00001-of-00002.bin", content: bytes(3000, 1), lfs: true },
      { path: "pytorch_model-00002-of-00002.bin", content: bytes(3000, 2), lfs: true },
      { path: "tf_model.h5", content: bytes(3000, 3), lfs: true },
      { path: "flax_model.msgpack", content: bytes(3000, 4), lfs: true },
      { path: "onnx/pytorch_model.bin", content: bytes(3000, 5), lfs: true },
    ];
    hub.repos.push({ id: "org/bin-only", refs: { main: C }, files });
    await resolveModelPath("org/bin-only", online());
    const repo = (await scanCache(cacheDir)).find((r) => r.repoId === "org/bin-only");
    assert.deepEqual(repo?.snapshots[0].files.map((f) => f.path).sort(), [
      "config.json",
      "pytorch_model-00001-of-00002.bin",
      "pytorch_model-00002-of-00002.bin",
      "pytorch_model.bin.index.json",
    ]);
  });

  test("offline, the cached .bin checkpoint is found the same way", async () => {
    const dir = await resolveModelPath("org/bin-only", { ...online(), offline: true });
    assert.ok(existsSync(join(dir, "pytorch_model-00002-of-00002.bin")));
  });

  test("run on the pulled repo gives the tokens it gives on the folder itself", {
    skip: fixturesMissing("tokenizers/llama2/tokenizer.model"),
  }, async () => {
    const local = mkdtempSync(join(tmpdir(), "tongguan-glm-bin-"));
    try {
      writeTinyChatGlmFolder(local, "sharded-bin");
      const files: FakeFile[] = readdirSync(local).map((name) => ({
        path: name,
        content: readFileSync(join(local, name)),
        lfs: name.endsWith(".bin") || name.endsWith(".model"),
      }));
      assert.ok(!files.some((f) => f.path.endsWith(".safetensors")));
      hub.repos.push({ id: "org/glm-bin", refs: { main: C }, files });
      const args = ["Hello", "--temperature", "0", "--max-tokens", "4", "--json"];
      const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cacheDir, HF_HUB_OFFLINE: "0" };
      const pulled = await runCli(["run", "org/glm-bin", ...args], { env, unset: ["HF_TOKEN"] });
      assert.equal(pulled.code, 0, pulled.stderr);
      const fromDisk = await runCli(["run", local, ...args]);
      assert.equal(fromDisk.code, 0, fromDisk.stderr);
      const ids = (r: { stdout: string }) => JSON.parse(r.stdout).generated_tokens;
      assert.equal(ids(pulled).length, 4);
      assert.deepEqual(ids(pulled), ids(fromDisk));
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});
