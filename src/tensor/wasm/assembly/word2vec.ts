// AssemblyScript: one Word2Vec training thread, the same algorithm as src/embeddings/word2vec/worker.mjs
// (read that first: it is the reference, in plain JavaScript) with the vector loops in 128-bit SIMD
// (f32x4). Build: `npm run build:wasm` → word2vec.wasm (committed, so nobody needs the compiler).
//
// Every argument that names an array is a byte address in the shared memory word2vec/train.ts lays out:
// syn0, syn1neg (vocab, dim) f32; tokens i32 (−1 ends a sentence); table i32; keep f32 (vocab);
// progress f64 [words done ×threads, loss sum ×threads, loss pairs ×threads];
// sigmoid, logSigmoid f32 (1001); neu1, neu1e f32 (dim) and sentence i32 (10001) of this thread.

const MAX_EXP: f32 = 6;
const TABLE_SCALE: f32 = 1000 / 6 / 2; // EXP_TABLE_SIZE / MAX_EXP / 2

let rng: i32 = 1;

function nextRandom(): i32 {
  let r = rng;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  rng = r;
  return r & 0x7fffffff;
}

/** a · b over dim floats, four lanes at a time. */
function dot(a: usize, b: usize, dim: i32): f32 {
  let acc = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= dim; c += 4) {
    const o = <usize>(c << 2);
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    f32x4.extract_lane(acc, 2) +
    f32x4.extract_lane(acc, 3);
  for (; c < dim; c++) {
    const o = <usize>(c << 2);
    s += load<f32>(a + o) * load<f32>(b + o);
  }
  return s;
}

/** y += g · x over dim floats. */
function axpy(y: usize, g: f32, x: usize, dim: i32): void {
  const gv = f32x4.splat(g);
  let c = 0;
  for (; c + 4 <= dim; c += 4) {
    const o = <usize>(c << 2);
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(gv, v128.load(x + o))));
  }
  for (; c < dim; c++) {
    const o = <usize>(c << 2);
    store<f32>(y + o, load<f32>(y + o) + g * load<f32>(x + o));
  }
}

/** The positive pair (input → target) and `negative` sampled ones; gradient of the input into neu1e. */
function trainPair(
  syn1: usize,
  table: usize,
  tableLen: i32,
  neu1e: usize,
  input: usize,
  target: i32,
  alpha: f32,
  dim: i32,
  negative: i32,
  sigmoid: usize,
  logSigmoid: usize,
  lossSlot: usize,
  pairsSlot: usize,
): void {
  let lossSum: f64 = 0;
  let pairs: f64 = 0;
  for (let d = 0; d <= negative; d++) {
    let out = target;
    let label: f32 = 1;
    if (d > 0) {
      out = load<i32>(table + ((<usize>(nextRandom() % tableLen)) << 2));
      if (out === target) continue;
      label = 0;
    }
    const l2 = syn1 + ((<usize>out * <usize>dim) << 2);
    const f = dot(input, l2, dim);
    let g: f32;
    if (f > MAX_EXP) {
      g = (label - 1) * alpha;
      if (label === 0) lossSum += f;
    } else if (f < -MAX_EXP) {
      g = label * alpha;
      if (label === 1) lossSum -= f;
    } else {
      const i = (<usize>(<i32>((f + MAX_EXP) * TABLE_SCALE))) << 2;
      g = (label - load<f32>(sigmoid + i)) * alpha;
      const ls = load<f32>(logSigmoid + i);
      lossSum -= label === 1 ? ls : ls - f;
    }
    pairs += 1;
    axpy(neu1e, g, l2, dim); // neu1e += g · syn1neg[out]   (before syn1neg changes)
    axpy(l2, g, input, dim); // syn1neg[out] += g · input
  }
  store<f64>(lossSlot, load<f64>(lossSlot) + lossSum);
  store<f64>(pairsSlot, load<f64>(pairsSlot) + pairs);
}

function currentAlpha(progress: usize, threads: i32, startAlpha: f64, minAlpha: f64, totalWords: f64): f32 {
  let done: f64 = 0;
  for (let t = 0; t < threads; t++) done += load<f64>(progress + ((<usize>t) << 3));
  return <f32>max(minAlpha, startAlpha - (startAlpha - minAlpha) * (done / totalWords));
}

export function trainSlice(
  syn0: usize,
  syn1: usize,
  tokens: usize,
  start: i32,
  end: i32,
  table: usize,
  tableLen: i32,
  keep: usize,
  progress: usize,
  thread: i32,
  threads: i32,
  dim: i32,
  window: i32,
  negative: i32,
  epochs: i32,
  skipGram: i32,
  startAlpha: f64,
  minAlpha: f64,
  totalWords: f64,
  seed: i32,
  sigmoid: usize,
  logSigmoid: usize,
  neu1: usize,
  neu1e: usize,
  sentence: usize,
): void {
  rng = seed !== 0 ? seed : 1;
  const doneSlot = progress + ((<usize>thread) << 3);
  const lossSlot = progress + ((<usize>(threads + thread)) << 3);
  const pairsSlot = progress + ((<usize>(2 * threads + thread)) << 3);
  const rowBytes = (<usize>dim) << 2;
  let wordsDone: f64 = 0;
  let sinceUpdate = 0;
  let alpha = currentAlpha(progress, threads, startAlpha, minAlpha, totalWords);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let p = start;
    while (p < end) {
      let len = 0;
      while (p < end) {
        const w = load<i32>(tokens + ((<usize>p) << 2));
        if (w === -1) break;
        p++;
        sinceUpdate++;
        const k = load<f32>(keep + ((<usize>w) << 2));
        if (k < 1 && k < <f32>nextRandom() / 2147483648.0) continue;
        store<i32>(sentence + ((<usize>len) << 2), w);
        len++;
      }
      p++; // the −1
      if (sinceUpdate >= 10000) {
        wordsDone += sinceUpdate;
        sinceUpdate = 0;
        store<f64>(doneSlot, wordsDone);
        alpha = currentAlpha(progress, threads, startAlpha, minAlpha, totalWords);
      }
      for (let i = 0; i < len; i++) {
        const word = load<i32>(sentence + ((<usize>i) << 2));
        const b = nextRandom() % window;
        const lo = max(0, i - window + b);
        const hi = min(len - 1, i + window - b);
        if (skipGram) {
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            const l1 = syn0 + <usize>load<i32>(sentence + ((<usize>j) << 2)) * rowBytes;
            memory.fill(neu1e, 0, rowBytes);
            trainPair(
              syn1,
              table,
              tableLen,
              neu1e,
              l1,
              word,
              alpha,
              dim,
              negative,
              sigmoid,
              logSigmoid,
              lossSlot,
              pairsSlot,
            );
            axpy(l1, 1, neu1e, dim);
          }
        } else {
          memory.fill(neu1, 0, rowBytes);
          let cw = 0;
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            axpy(neu1, 1, syn0 + <usize>load<i32>(sentence + ((<usize>j) << 2)) * rowBytes, dim);
            cw++;
          }
          if (cw === 0) continue;
          const inv: f32 = 1 / <f32>cw;
          for (let c = 0; c < dim; c++) {
            const o = neu1 + ((<usize>c) << 2);
            store<f32>(o, load<f32>(o) * inv);
          }
          memory.fill(neu1e, 0, rowBytes);
          trainPair(
            syn1,
            table,
            tableLen,
            neu1e,
            neu1,
            word,
            alpha,
            dim,
            negative,
            sigmoid,
            logSigmoid,
            lossSlot,
            pairsSlot,
          );
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            axpy(syn0 + <usize>load<i32>(sentence + ((<usize>j) << 2)) * rowBytes, 1, neu1e, dim);
          }
        }
      }
    }
  }
  store<f64>(doneSlot, wordsDone + <f64>sinceUpdate);
}
