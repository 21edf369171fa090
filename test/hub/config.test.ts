import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { hubConfig } from "../../src/hub/index.ts";

test("defaults: huggingface.co, ~/.cache/huggingface/hub, online, no token", () => {
  const c = hubConfig({}, { HOME: homedir() });
  assert.equal(c.endpoint, "https://huggingface.co");
  assert.equal(c.cacheDir, join(homedir(), ".cache", "huggingface", "hub"));
  assert.equal(c.offline, false);
});

test("HF_ENDPOINT (a mirror), HF_HOME, HF_HUB_CACHE, XDG_CACHE_HOME", () => {
  assert.equal(hubConfig({}, { HF_ENDPOINT: "https://hf-mirror.com/" }).endpoint, "https://hf-mirror.com");
  assert.equal(hubConfig({}, { HF_HOME: "/data/hf" }).cacheDir, resolve("/data/hf/hub"));
  assert.equal(
    hubConfig({}, { HF_HOME: "/data/hf", HF_HUB_CACHE: "/fast/hub" }).cacheDir,
    resolve("/fast/hub"),
  );
  assert.equal(hubConfig({}, { XDG_CACHE_HOME: "/xdg" }).cacheDir, resolve("/xdg/huggingface/hub"));
  assert.throws(
    () => hubConfig({}, { HF_ENDPOINT: "hf-mirror.com" }),
    /HF_ENDPOINT: "hf-mirror.com" is not an http\(s\) URL/,
  );
});

test("HF_HUB_OFFLINE accepts Python's spellings of true", () => {
  for (const v of ["1", "true", "YES", "on"])
    assert.equal(hubConfig({}, { HF_HUB_OFFLINE: v }).offline, true, v);
  for (const v of ["0", "false", "", "no"])
    assert.equal(hubConfig({}, { HF_HUB_OFFLINE: v }).offline, false, v);
});

test("HF_TOKEN, else the token file that `huggingface-cli login` saves in HF_HOME", () => {
  const home = mkdtempSync(join(tmpdir(), "tongguan-hfhome-"));
  try {
    assert.equal(hubConfig({}, { HF_HOME: home }).token, undefined);
    writeFileSync(join(home, "token"), "hf_saved\n");
    assert.equal(hubConfig({}, { HF_HOME: home }).token, "hf_saved");
    assert.equal(hubConfig({}, { HF_HOME: home, HF_TOKEN: "hf_env" }).token, "hf_env");
    assert.equal(hubConfig({ token: "hf_opt" }, { HF_HOME: home, HF_TOKEN: "hf_env" }).token, "hf_opt");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
