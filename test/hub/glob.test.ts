import assert from "node:assert/strict";
import { test } from "node:test";
import { filterPaths, globToRegExp } from "../../src/hub/index.ts";

const paths = [
  "config.json",
  "model-00001-of-00002.safetensors",
  "model-00002-of-00002.safetensors",
  "model.safetensors.index.json",
  "onnx/model.onnx",
  "onnx/config.json",
  "tokenizer.json",
  "[weird].txt",
];

test("* matches across folders, as Python's fnmatch does", () => {
  assert.deepEqual(filterPaths(paths, ["*.json"]), [
    "config.json",
    "model.safetensors.index.json",
    "onnx/config.json",
    "tokenizer.json",
  ]);
  assert.deepEqual(filterPaths(paths, ["onnx/*"]), ["onnx/model.onnx", "onnx/config.json"]);
  assert.deepEqual(
    filterPaths(paths, ["onnx/"]),
    ["onnx/model.onnx", "onnx/config.json"],
    "a trailing / means the folder",
  );
});

test("? and [sets], several patterns, and --exclude", () => {
  assert.deepEqual(filterPaths(paths, ["model-0000[2-9]-of-?????.safetensors"]), [
    "model-00002-of-00002.safetensors",
  ]);
  assert.deepEqual(filterPaths(paths, ["model-0000[!1]*"]), ["model-00002-of-00002.safetensors"]);
  assert.deepEqual(filterPaths(paths, ["tokenizer*", "config.json"]), ["config.json", "tokenizer.json"]);
  assert.deepEqual(filterPaths(paths, ["*.json"], ["onnx/*", "*index*"]), ["config.json", "tokenizer.json"]);
  assert.deepEqual(filterPaths(paths, [], ["*.safetensors", "*.json", "onnx/*", "*.txt"]), []);
  assert.equal(filterPaths(paths).length, paths.length, "no pattern keeps everything");
});

test("regex characters in patterns are literal; an unclosed [ is a literal [", () => {
  assert.equal(globToRegExp("model.json").test("modelxjson"), false);
  assert.equal(globToRegExp("a+b(c)").test("a+b(c)"), true);
  assert.equal(globToRegExp("[weird].txt").test("w.txt"), true, "[weird] is a set, as in fnmatch");
  assert.equal(globToRegExp("[weird.txt").test("[weird.txt"), true);
  assert.equal(globToRegExp("[]x]").test("]"), true);
});
