// The pieces `bench:generate --profile` reads a CPU profile with.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type CpuProfile, summarizeCpuProfile, wasmFunctionNames } from "../../src/bench/profile-decode.ts";
import { loadKernelVariant } from "../../src/tensor/wasm/kernels.ts";

const kernelsWasm = new URL("../../src/tensor/wasm/kernels.wasm", import.meta.url);

test("wasmFunctionNames finds every exported function of the kernels, each at its own index", () => {
  const bytes = readFileSync(kernelsWasm);
  const names = wasmFunctionNames(bytes);
  const kernels = loadKernelVariant("plain");
  assert.ok(kernels, "kernels.wasm loads");
  const exported = Object.keys(kernels.kernels).sort();
  assert.deepEqual([...names.values()].sort(), exported);
  assert.ok(exported.includes("matmulQ8_0"));
  assert.equal(new Set(names.keys()).size, names.size);
});

test("summarizeCpuProfile adds each sample's interval to its function's self time, wasm frames named", () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame("(root)", "") },
      { id: 2, callFrame: frame("forward", "file:///src/nn/ffn.ts") },
      { id: 3, callFrame: frame("wasm-function[7]", "wasm://wasm/abc") },
    ],
    startTime: 0,
    endTime: 10_000,
    samples: [2, 3, 3, 3, 2],
    // µs since the previous sample; a sample lasts until the next one
    timeDeltas: [0, 1000, 3000, 3000, 2000],
  };
  const top = summarizeCpuProfile(profile, new Map([[7, "matmulQ8_0"]]));
  assert.deepEqual(
    top.map((f) => [f.name, f.selfMs]),
    [
      ["matmulQ8_0 (wasm)", 8],
      ["forward ffn.ts", 1],
    ],
  );
  assert.ok(Math.abs(top[0].share - 8 / 9) < 1e-12);
});
