/**
 * Where decoding spends its time: V8's sampling CPU profiler around the decode loop only (not the
 * load, not the prefill), summarised as self time per function.
 *
 *   const p = await profileDecode("qwen2-0.5b-q8_0.gguf", { threads: 1, promptTokens: 8, genTokens: 64, chunk: 8 });
 *   p.top[0]   // → { name: "matmulQ8_0 (wasm)", selfMs: 2710, share: 0.83 }
 *
 * With 1 thread every kernel runs on the main thread, so the profile sees all the work; with more,
 * the main thread's share of the kernels shows, and the time it waits for the workers (Atomics.wait).
 * Same as `node --cpu-prof`, restricted to the part that matters.
 */
import { readFileSync } from "node:fs";
import { Session } from "node:inspector";
import { performance } from "node:perf_hooks";
import { loadCausalLM } from "../models/index.ts";
import { allocF32, argmax, getThreads, setThreads } from "../tensor/index.ts";
import { loadKernels } from "../tensor/wasm/kernels.ts";
import { type BenchOptions, randomPromptIds } from "./measure.ts";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  /** Function name with its file (or "(wasm)" for WebAssembly functions). */
  name: string;
  selfMs: number;
  /** Fraction of the profiled time. */
  share: number;
}

/**
 * Export names of a wasm binary by function index: V8's profiles call wasm functions
 * "wasm-function[7]" when the module has no name section (ours are built without one).
 * Reads the import section (imported functions come first in the index space) and the export section.
 */
export function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
  let p = 8; // magic + version
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  const name = () => {
    const n = leb();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const names = new Map<number, string>();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 7) {
      // export section: name, kind (0 = function), index
      for (let n = leb(); n > 0; n--) {
        const exportName = name();
        const kind = bytes[p++];
        const index = leb();
        if (kind === 0) names.set(index, exportName);
      }
    }
    p = end;
  }
  return names;
}

/**
 * Self time per function, largest first. `wasmNames` names the "wasm-function[i]" frames of the
 * module V8 calls `wasmUrl` (each wasm module gets its own "wasm://wasm/<hash>" url; frames of other
 * modules keep their index and get the hash as their file). Without `wasmUrl`, every wasm frame is named.
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  wasmNames = new Map<number, string>(),
  wasmUrl?: string,
): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // µs → ms: the time until the next sample
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const isWasm = frame.url.startsWith("wasm://");
    const ours = isWasm && (wasmUrl === undefined || frame.url === wasmUrl);
    const file = isWasm
      ? ours
        ? "(wasm)"
        : `(wasm ${frame.url.split("/").at(-1)})`
      : (frame.url.split("/").at(-1) ?? "");
    const wasmIndex = ours ? /^wasm-function\[(\d+)\]$/.exec(frame.functionName)?.[1] : undefined;
    const fn = (wasmIndex && wasmNames.get(Number(wasmIndex))) || frame.functionName || "(anonymous)";
    const name = `${fn}${file ? ` ${file}` : ""}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / total }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/**
 * The url V8 gives the tensor kernels' module in profiles: profile a moment of `streamRows` alone
 * and see under which url its function index shows up.
 */
async function kernelsModuleUrl(inspector: Session, names: Map<number, string>): Promise<string | undefined> {
  const lib = loadKernels();
  const index = [...names].find(([, n]) => n === "streamRows")?.[0];
  if (!lib || index === undefined) return undefined;
  const k = 4096;
  const rows = 64; // 1 MiB
  const w = allocF32(rows * k);
  const out = allocF32(rows);
  await post(inspector, "Profiler.start");
  const t0 = performance.now();
  while (performance.now() - t0 < 50)
    lib.kernels.streamRows(out.byteOffset, 0, 1, w.byteOffset, k, rows, 0, rows, 0, 0, 0, 0);
  const { profile } = await post<{ profile: CpuProfile }>(inspector, "Profiler.stop");
  const hits = new Map<string, number>();
  for (const n of profile.nodes)
    if (n.callFrame.functionName === `wasm-function[${index}]`)
      hits.set(n.callFrame.url, (hits.get(n.callFrame.url) ?? 0) + (n.hitCount ?? 0));
  return [...hits].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function post<T>(session: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/**
 * Profiles `genTokens` greedy decode steps after a `promptTokens` prefill, in chunks of `chunk`
 * tokens; `between` runs after each chunk, unprofiled (e.g. a bandwidth probe, so that both are
 * measured under the same load). Returns the time of every chunk and the merged profile summary.
 */
export async function profileDecode(
  path: string,
  o: BenchOptions & { chunk?: number; between?: () => void },
): Promise<{ decodeMs: number; tokens: number; chunkMs: number[]; chunk: number; top: FunctionTime[] }> {
  const before = getThreads();
  setThreads(o.threads);
  const chunk = o.chunk ?? o.genTokens;
  try {
    const model = await loadCausalLM(path);
    const session = model.newSession({ contextLength: o.promptTokens + o.genTokens + 1 });
    let next = argmax(session.forward(randomPromptIds(o.promptTokens, model.vocabSize, o.seed)));
    next = argmax(session.forward([next])); // warm-up step
    const variant = loadKernels()?.variant;
    const wasmFile = variant === "plain" ? "kernels.wasm" : "kernels-relaxed.wasm";
    const names = wasmFunctionNames(readFileSync(new URL(`../tensor/wasm/${wasmFile}`, import.meta.url)));
    const inspector = new Session();
    inspector.connect();
    await post(inspector, "Profiler.enable");
    const kernelsUrl = await kernelsModuleUrl(inspector, names);
    const selfMs = new Map<string, number>();
    const chunkMs: number[] = [];
    for (let done = 0; done + chunk <= o.genTokens; done += chunk) {
      await post(inspector, "Profiler.start");
      const t0 = performance.now();
      for (let i = 0; i < chunk; i++) next = argmax(session.forward([next]));
      chunkMs.push(performance.now() - t0);
      const { profile } = await post<{ profile: CpuProfile }>(inspector, "Profiler.stop");
      for (const f of summarizeCpuProfile(profile, names, kernelsUrl))
        selfMs.set(f.name, (selfMs.get(f.name) ?? 0) + f.selfMs);
      o.between?.();
    }
    inspector.disconnect();
    const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
    const top = [...selfMs]
      .map(([name, ms]) => ({ name, selfMs: ms, share: ms / total }))
      .sort((a, b) => b.selfMs - a.selfMs);
    const decodeMs = chunkMs.reduce((a, b) => a + b, 0);
    return { decodeMs, tokens: chunkMs.length * chunk, chunkMs, chunk, top };
  } finally {
    setThreads(before);
  }
}
