/**
 * Does a model fit, and with how long a context? Answered before anything is allocated, from the
 * checkpoint's config and its tensors' bytes:
 *
 *   need = weights + KV cache (2 · layers · ctx · kvDim · bytes per cached value, per session)
 *          + scratch (a prefill chunk's activations, logits)
 *
 * Two budgets must hold (docs/memory.md):
 *   - the machine's free memory (os.freemem, or a cgroup's limit minus its usage if lower);
 *   - WebAssembly memory 0, which holds the KV caches and activations (≤ 4 GiB; the weights move to
 *     weight memories of their own when they do not fit beside them).
 *
 * Without --ctx the context is the longest that fits both, at most the model's own. A model that
 * does not fit fails with one line that says what would: a shorter --ctx, or a smaller quantization.
 *
 *   Llama-2-7B Q4_0 (3.6 GiB), ctx 4096, f16 cache: 2·32·4096·4096·2 B = 2 GiB of KV cache.
 */
import { existsSync, readFileSync } from "node:fs";
import { freemem } from "node:os";
import { TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import { type CacheType, cacheValueBytes, DEFAULT_CACHE_TYPE } from "../nn/kv-cache.ts";
import { allocatedBytes } from "../tensor/memory.ts";

/** What a caller asks of the plan. */
export interface FitOptions {
  /** Context length (tokens); default: the longest that fits, at most the model's. */
  contextLength?: number;
  /** KV cache value types (llama.cpp's --cache-type-k/v); default f16. */
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
  /** KV caches held at once (the server's --parallel); default 1. */
  sessions?: number;
  /** Free bytes of the machine (tests); default machineFreeBytes(). */
  freeBytes?: number;
}

export interface MemoryPlan {
  contextLength: number;
  /** Where the context length came from. */
  contextFrom: "option" | "model" | "memory";
  cacheTypeK: CacheType;
  cacheTypeV: CacheType;
  weightBytes: number;
  /** All sessions' KV caches. */
  cacheBytes: number;
  scratchBytes: number;
  freeBytes: number;
  /** One line for the user when the context was chosen for them. */
  note?: string;
}

/** Bytes kept free beside a model: the runtime, the tokenizer, the file reader's window. */
const HEADROOM = 256 * 2 ** 20;
/** WebAssembly memory 0: wasm32's 4 GiB. */
const MEMORY0_BYTES = 2 ** 32;
/** Shortest context a default may pick: below it a model is of little use. */
const MIN_DEFAULT_CONTEXT = 256;
/** Prompt tokens per prefill chunk (decoder.ts's PREFILL_CHUNK). */
const CHUNK = 64;

/** Memory the machine can still give: MemAvailable (os.freemem), or a cgroup's limit less its usage if lower. */
export function machineFreeBytes(): number {
  let free = freemem();
  for (const [limitFile, usageFile] of [
    ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"],
    ["/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"],
  ]) {
    if (!existsSync(limitFile) || !existsSync(usageFile)) continue;
    const limit = Number(readFileSync(limitFile, "utf8").trim()); // "max" → NaN: no limit
    const usage = Number(readFileSync(usageFile, "utf8").trim());
    if (Number.isFinite(limit) && Number.isFinite(usage) && limit < 2 ** 60)
      free = Math.min(free, limit - usage);
  }
  return Math.max(0, free);
}

/** KV cache bytes per token of context, one session: 2 (K and V) · layers · kvDim values. */
export function cacheBytesPerToken(
  config: ModelConfig,
  k: CacheType = DEFAULT_CACHE_TYPE,
  v: CacheType = DEFAULT_CACHE_TYPE,
): number {
  const kvDim = config.numKvHeads * config.headDim;
  return config.numLayers * kvDim * (cacheValueBytes(k) + cacheValueBytes(v));
}

/** Activation scratch of one forward pass: a prefill chunk's buffers, logits, attention scores. */
export function scratchBytes(config: ModelConfig, contextLength: number): number {
  const c = config;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const chunk = 4 * CHUNK * (4 * c.hiddenSize + 3 * c.intermediateSize + qDim + 2 * kvDim);
  const logits = 4 * c.vocabSize * 2;
  const scores = 4 * CHUNK * c.numHeads * contextLength;
  return chunk + logits + scores + 16 * 2 ** 20;
}

/** Parameters of a decoder with this config (for the size of other quantizations). */
function parameters(c: ModelConfig): number {
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const d = c.hiddenSize;
  const layer = d * qDim * 2 + d * kvDim * 2 + 3 * d * c.intermediateSize;
  return c.vocabSize * d * (c.tieWordEmbeddings ? 1 : 2) + c.numLayers * layer;
}

const GiB = (b: number) =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${Math.max(0.1, b / 2 ** 20).toFixed(1)} MiB`;

/**
 * The plan for `config` with `weightBytes` of weights, or a TongguanError naming `path` with what
 * would fit. Nothing is allocated.
 */
export function planMemory(
  path: string,
  config: ModelConfig,
  weightBytes: number,
  options: FitOptions = {},
): MemoryPlan {
  const k = options.cacheTypeK ?? DEFAULT_CACHE_TYPE;
  const v = options.cacheTypeV ?? DEFAULT_CACHE_TYPE;
  const sessions = options.sessions ?? 1;
  const free = options.freeBytes ?? machineFreeBytes();
  const perToken = cacheBytesPerToken(config, k, v) * sessions;
  const used0 = allocatedBytes();
  const fits = (ctx: number) => {
    const cache = perToken * ctx;
    const scratch = scratchBytes(config, ctx);
    const ram = weightBytes + cache + scratch + HEADROOM <= free;
    const wasm = used0 + cache + scratch <= MEMORY0_BYTES;
    return { cache, scratch, ram, wasm };
  };
  /** Longest context ≤ the model's that fits both budgets (whole 256s below the model's), or 0. */
  const longest = (): number => {
    const model = config.contextLength;
    if (fits(model).ram && fits(model).wasm) return model;
    let lo = 0;
    let hi = Math.floor(model / 256);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const f = fits(mid * 256);
      if (f.ram && f.wasm) lo = mid;
      else hi = mid - 1;
    }
    return lo * 256;
  };
  const asked = options.contextLength;
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 1 || asked > config.contextLength))
    throw new TongguanError(t("models.memoryPlan.ctxIsNotA", { asked, contextLength: config.contextLength }));
  const ctx = asked ?? longest();
  const f = fits(Math.max(ctx, 1));
  const minimum = Math.min(MIN_DEFAULT_CONTEXT, config.contextLength);
  if (!f.ram || !f.wasm || (asked === undefined && ctx < minimum)) {
    const at = asked ?? minimum;
    const g = fits(at);
    const cacheType = k === v ? k : `${k}/${v}`;
    const need = t("models.memoryPlan.need", {
      total: GiB(weightBytes + g.cache + g.scratch),
      weights: GiB(weightBytes),
      cache: GiB(g.cache),
      tokens: at,
      cacheType,
      sessions: sessions > 1 ? t("models.memoryPlan.sessions", { sessions }) : "",
      scratch: GiB(g.scratch),
    });
    const why = !g.ram
      ? t("models.memoryPlan.freeMemory", { free: GiB(free) })
      : t("models.memoryPlan.wasmMemory");
    const fix: string[] = [];
    const best = longest();
    if (best >= minimum) fix.push(`--ctx ${best}`);
    if (k !== "q8_0" || v !== "q8_0") {
      const q8 = cacheBytesPerToken(config, "q8_0", "q8_0") * sessions * at;
      if (weightBytes + q8 + g.scratch + HEADROOM <= free && used0 + q8 + g.scratch <= MEMORY0_BYTES)
        fix.push("--cache-type-k q8_0 --cache-type-v q8_0");
    }
    if (!g.ram) {
      const params = parameters(config);
      for (const [name, bitsPerWeight] of [
        ["Q8_0", 8.5],
        ["Q4_K_M", 4.9],
        ["Q4_0", 4.5],
      ] as const) {
        const bytes = (params * bitsPerWeight) / 8;
        if (bytes < weightBytes * 0.9 && bytes + g.cache + g.scratch + HEADROOM <= free) {
          fix.push(t("models.memoryPlan.quantizedFile", { name, size: GiB(bytes) }));
          break;
        }
      }
    }
    throw new TongguanError(
      t("models.memoryPlan.doesNotFitIt", {
        path,
        need,
        why,
        v4: fix.length
          ? t("models.memoryPlan.whatFits", { fixes: fix.join(t("models.memoryPlan.or")) })
          : t("models.memoryPlan.smallerModel"),
      }),
    );
  }
  const from = asked !== undefined ? "option" : ctx === config.contextLength ? "model" : "memory";
  const plan: MemoryPlan = {
    contextLength: ctx,
    contextFrom: from,
    cacheTypeK: k,
    cacheTypeV: v,
    weightBytes,
    cacheBytes: f.cache,
    scratchBytes: f.scratch,
    freeBytes: free,
  };
  if (from === "memory")
    plan.note = t("models.memoryPlan.note", {
      ctx,
      modelContext: config.contextLength,
      free: GiB(free),
      cache: GiB(f.cache),
      cacheType: k === v ? k : `${k}/${v}`,
    });
  return plan;
}
