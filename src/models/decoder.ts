/**
 * What every decoder-only model (Llama, Qwen, GPT-2) shares: a session that owns a KV cache and turns
 * `forward(ids)` into prefill (the whole prompt as matrix-matrix work, in chunks) or decode (one token,
 * matrix-vector work), plus the language-model head.
 *
 * A model supplies `hidden()`: the final-normed hidden states of ids at positions [start, start+n),
 * appending their K/V to the cache. The session adds the bookkeeping: position, context checks,
 * logits of the last (or every) position.
 */
import { TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import { beginForward, endForward, type ForwardContext } from "../nn/context.ts";
import { emit } from "../nn/hooks.ts";
import { type CacheType, DEFAULT_CACHE_TYPE, KvCache } from "../nn/kv-cache.ts";
import type { Linear } from "../nn/linear.ts";
import { Scratch } from "../nn/scratch.ts";
import type { Numerics } from "../nn/weight-ops.ts";
import { allocF32 } from "../tensor/memory.ts";
import type { MemoryPlan } from "./memory-plan.ts";
import type { CausalLM, CausalLMSession, TensorHook } from "./types.ts";
import type { Loaded } from "./weights.ts";

/** Prompt tokens per prefill step: big enough for matrix-matrix speed, small enough for scratch memory. */
export const PREFILL_CHUNK = 64;
/** Default session context of a model built without a memory plan, when the model's is larger. */
export const DEFAULT_SESSION_CONTEXT = 4096;

export interface SessionOptions {
  /** Tokens the KV cache holds; default: the memory plan's (or the model's, at most 4096). */
  contextLength?: number;
  /** KV cache value types; default: the memory plan's (f16 unless chosen otherwise). */
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
}

export interface ModelOptions {
  /** "llama.cpp" reproduces llama.cpp's CPU numerics (f16 GELU table, rounded activations). Default "plain". */
  numerics?: Numerics;
}

/** A decoder's forward context: the layers' (nn/context.ts) plus the whole KV cache, sliced per layer. */
export interface DecoderContext extends ForwardContext {
  kv: KvCache;
}

export abstract class DecoderLM implements CausalLM {
  readonly config: ModelConfig;
  readonly architecture: string;
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Width of one layer's cached keys (kvHeads · headDim). */
  readonly kvDim: number;
  abstract readonly lmHead: Linear;
  /** Every parameter read from the checkpoint, by Hugging Face name (the module tree binds to them). */
  abstract readonly parameters: Map<string, Loaded>;
  readonly numerics: Numerics;
  /** Shared by all sessions of this model: forward passes are synchronous, so never concurrent. */
  readonly scratch = new Scratch();
  private readonly freeCaches: KvCache[] = [];
  /** Released sessions' logits buffers (vocab), handed to the next sessions: tensor memory is never freed. */
  private readonly freeLogits: Float32Array[] = [];
  /** What loadModel planned (memory-plan.ts): the default context and cache types of a session. */
  memoryPlan: MemoryPlan | undefined;

  constructor(config: ModelConfig, options: ModelOptions = {}) {
    this.config = config;
    this.architecture = config.architecture;
    this.vocabSize = config.vocabSize;
    this.contextLength = config.contextLength;
    this.hiddenSize = config.hiddenSize;
    this.numLayers = config.numLayers;
    this.kvDim = config.numKvHeads * config.headDim;
    this.numerics = options.numerics ?? "plain";
  }

  /**
   * x (n, hiddenSize) ← final-normed hidden states of the n = ids.length tokens at positions
   * [ctx.start, ctx.start+n); their K/V go into ctx.kv at the same positions.
   */
  abstract hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void;

  newSession(options: SessionOptions = {}): DecoderSession {
    const plan = this.memoryPlan;
    const ctx =
      options.contextLength ?? plan?.contextLength ?? Math.min(this.contextLength, DEFAULT_SESSION_CONTEXT);
    const k = options.cacheTypeK ?? plan?.cacheTypeK ?? DEFAULT_CACHE_TYPE;
    const v = options.cacheTypeV ?? plan?.cacheTypeV ?? DEFAULT_CACHE_TYPE;
    if (!Number.isInteger(ctx) || ctx < 1 || ctx > this.contextLength) {
      throw new TongguanError(
        t("models.decoder.contextlengthMustBeAn", { contextLength: this.contextLength, ctx }),
      );
    }
    const i = this.freeCaches.findIndex(
      (c) => c.contextLength === ctx && c.keyType === k && c.valueType === v,
    );
    const cache =
      i >= 0
        ? this.freeCaches.splice(i, 1)[0]
        : new KvCache(this.numLayers, ctx, this.kvDim, k, v, this.config.headDim);
    cache.length = 0;
    return new DecoderSession(this, cache);
  }

  /** Takes back a released session's cache for the next session (tensor memory is never freed). */
  recycle(cache: KvCache, logits?: Float32Array): void {
    if (!this.freeCaches.includes(cache)) this.freeCaches.push(cache);
    if (logits && !this.freeLogits.includes(logits)) this.freeLogits.push(logits);
  }

  /** A (vocab) logits buffer for a new session: a released session's, or a fresh one. */
  takeLogits(): Float32Array {
    return this.freeLogits.pop() ?? allocF32(this.vocabSize);
  }
}

export class DecoderSession implements CausalLMSession {
  private readonly model: DecoderLM;
  private cache: KvCache | undefined;
  /** (vocab) logits of the last position, reused by every call. */
  private readonly logits: Float32Array;
  /** Reused by every forward pass: nothing is allocated per decoded token. */
  private readonly ctx: DecoderContext;

  constructor(model: DecoderLM, cache: KvCache) {
    this.model = model;
    this.cache = cache;
    this.logits = model.takeLogits();
    this.ctx = { start: 0, scratch: model.scratch, layer: -1, kv: cache };
  }

  get position(): number {
    return this.kv.length;
  }

  get contextLength(): number {
    return this.kv.contextLength;
  }

  /** Bytes held by this session's KV cache. */
  get cacheBytes(): number {
    return this.kv.bytes;
  }

  private get kv(): KvCache {
    if (!this.cache) throw new TongguanError(t("models.decoder.thisSessionWasReleased"));
    return this.cache;
  }

  /**
   * Runs `ids` at positions [position, position + ids.length) and returns the logits of the last
   * position (vocab), or with `allPositions` of every position (ids.length, vocab) in a new array.
   * The last-position array is the session's own buffer, overwritten by the next call: copy it
   * (`.slice()`) to keep it. Nothing is allocated per decoded token.
   */
  forward(ids: number[], options: { allPositions?: boolean; hook?: TensorHook } = {}): Float32Array {
    const m = this.model;
    const cache = this.kv;
    const { allPositions = false, hook } = options;
    if (ids.length === 0) throw new TongguanError(t("models.decoder.forwardNoTokenIds"));
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= m.vocabSize) {
        throw new TongguanError(t("models.decoder.tokenIdIsOutside", { id, v2: m.vocabSize - 1 }));
      }
    }
    cache.ensureRoom(ids.length);
    beginForward();
    try {
      return this.run(ids, cache, allPositions, hook);
    } finally {
      endForward();
    }
  }

  private run(
    ids: number[],
    cache: KvCache,
    allPositions: boolean,
    hook: TensorHook | undefined,
  ): Float32Array {
    const m = this.model;
    const dim = m.hiddenSize;
    const vocab = m.vocabSize;
    const all = allPositions ? new Float32Array(ids.length * vocab) : undefined;
    const chunk = Math.min(PREFILL_CHUNK, ids.length);
    const x = m.scratch.get("x_final", chunk * dim); // (chunk, dim)
    const ctx = this.ctx;
    ctx.hook = hook;
    ctx.kv = cache;
    for (let from = 0; from < ids.length; from += chunk) {
      const n = Math.min(chunk, ids.length - from);
      ctx.start = cache.length;
      m.hidden(x, subIds(ids, from, n, m.scratch), ctx);
      cache.length += n;
      if (all) {
        const rows = m.scratch.get("logits_chunk", n * vocab); // (n, vocab)
        m.lmHead.forward(rows, x, n);
        all.set(rows.subarray(0, n * vocab), from * vocab);
      } else if (from + n === ids.length) {
        m.lmHead.forward(this.logits, m.scratch.view("x_last", x, (n - 1) * dim, dim), 1);
      }
    }
    if (all) {
      emit(hook, "logits", -1, all, ids.length, vocab);
      return all;
    }
    emit(hook, "logits", -1, this.logits, 1, vocab);
    return this.logits;
  }

  truncate(position: number): void {
    this.kv.truncate(position);
  }

  /** Hands the KV cache back to the model for reuse by a later session; this session is then unusable. */
  release(): void {
    if (this.cache) this.model.recycle(this.cache, this.logits);
    this.cache = undefined;
  }
}

/** ids[from .. from+n) without allocating: copied into a reused scratch buffer (ids are exact in f32 below 2²⁴). */
export function subIds(ids: ArrayLike<number>, from: number, n: number, s: Scratch): ArrayLike<number> {
  if (from === 0 && n === ids.length) return ids;
  const buf = s.get("ids", n);
  for (let i = 0; i < n; i++) buf[i] = ids[from + i];
  return buf.subarray(0, n);
}
