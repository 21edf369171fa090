// One Word2Vec training thread (plain JavaScript, so it runs with or without tsx). With the wasm
// kernel (the default) this file only sets up and calls src/tensor/wasm/word2vec.wasm, which runs the same loop
// in SIMD; the JavaScript below is the reference, and the fallback (`kernel: "js"`).
//
// Like word2vec.c's TrainModelThread: every thread walks its own slice of the corpus and updates
// the SAME weight matrices (SharedArrayBuffer) without locks — "Hogwild" (Recht et al. 2011).
// Collisions are rare (two threads rarely touch the same word at the same moment) and harmless.
//
// Weights: syn0 (vocab, dim) — the word vectors we keep; syn1neg (vocab, dim) — the "output"
// vectors of negative sampling. For a pair (input word i, predicted word o) with label 1, and for
// `negative` random words with label 0, gradient ascent on  log σ(±syn0[i]·syn1neg[o]):
//   g = (label − σ(f)) · alpha,   neu1e += g · syn1neg[o],   syn1neg[o] += g · syn0[i]
//   and at the end  syn0[i] += neu1e.
import { parentPort, workerData } from "node:worker_threads";

const {
  memory,
  module,
  at,
  vocabSize,
  tokenCount,
  tableSize,
  thread,
  threads,
  start,
  end,
  dim,
  window,
  negative,
  epochs,
  skipGram,
  alpha: startAlpha,
  minAlpha,
  totalWords,
  seed,
} = workerData;

// Views on the one shared memory that ../train.ts laid out (`at` holds byte offsets).
const buf = memory.buffer;
const syn0 = new Float32Array(buf, at.syn0, vocabSize * dim);
const syn1neg = new Float32Array(buf, at.syn1, vocabSize * dim);
const tokens = new Int32Array(buf, at.tokens, tokenCount);
const table = new Int32Array(buf, at.table, tableSize);
const keep = new Float32Array(buf, at.keep, vocabSize);
// progress: [wordsDone per thread..., loss sum per thread..., loss count per thread...]
const progress = new Float64Array(buf, at.progress, 3 * threads);

// σ(x) and log σ(x) tabulated on [−6, 6] (word2vec.c's EXP_TABLE: 1000 steps, MAX_EXP 6).
const MAX_EXP = 6;
const EXP_TABLE_SIZE = 1000;
const sigmoidTable = new Float32Array(EXP_TABLE_SIZE + 1);
const logSigmoidTable = new Float32Array(EXP_TABLE_SIZE + 1);
for (let i = 0; i <= EXP_TABLE_SIZE; i++) {
  const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
  sigmoidTable[i] = 1 / (1 + Math.exp(-x));
  logSigmoidTable[i] = -Math.log1p(Math.exp(-x));
}
const TABLE_SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;

// Hot state lives in small typed arrays and every hot value is a parameter or a local: V8 keeps
// locals in registers, while module-level `let`s are loaded (and TDZ-checked) on every use.
// xorshift32 state. Kept as int32 (not uint32): V8 then does `%` on small integers, not on doubles.
const rng = new Int32Array([seed ^ Math.imul(0x9e3779b9, thread + 1) || 1]);
const loss = new Float64Array(2); // [sum of −log σ(±f), number of pairs]

/**
 * One positive pair (input → target, label 1) and `negative` sampled pairs (label 0) for the input
 * vector at input[inOff ..]. Updates syn1neg; accumulates the input's gradient in neu1e.
 */
function trainPair(
  syn1neg,
  table,
  neu1e,
  input,
  inOff,
  target,
  alpha,
  dim,
  negative,
  sigmoid,
  logSigmoid,
  rng,
  loss,
) {
  let r = rng[0];
  let lossSum = 0;
  let pairs = 0;
  for (let d = 0; d <= negative; d++) {
    let out;
    let label;
    if (d === 0) {
      out = target;
      label = 1;
    } else {
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      out = table[(r & 0x7fffffff) % table.length];
      if (out === target) continue;
      label = 0;
    }
    const l2 = out * dim;
    // f = input · syn1neg[out], four lanes at a time (about 25% faster in V8 than one running sum)
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let c = 0;
    for (; c + 4 <= dim; c += 4) {
      f0 += input[inOff + c] * syn1neg[l2 + c];
      f1 += input[inOff + c + 1] * syn1neg[l2 + c + 1];
      f2 += input[inOff + c + 2] * syn1neg[l2 + c + 2];
      f3 += input[inOff + c + 3] * syn1neg[l2 + c + 3];
    }
    for (; c < dim; c++) f0 += input[inOff + c] * syn1neg[l2 + c];
    const f = f0 + f1 + f2 + f3;
    let g;
    if (f > MAX_EXP) {
      g = (label - 1) * alpha;
      lossSum += label ? 0 : f;
    } else if (f < -MAX_EXP) {
      g = label * alpha;
      lossSum += label ? -f : 0;
    } else {
      const i = ((f + MAX_EXP) * TABLE_SCALE) | 0;
      g = (label - sigmoid[i]) * alpha;
      // −log σ(f) for the true word, −log σ(−f) = −log σ(f) + f for a sampled one
      lossSum -= label ? logSigmoid[i] : logSigmoid[i] - f;
    }
    pairs++;
    // neu1e += g · syn1neg[out];  syn1neg[out] += g · input   (unrolled like the dot above)
    for (c = 0; c + 4 <= dim; c += 4) {
      const w0 = syn1neg[l2 + c];
      const w1 = syn1neg[l2 + c + 1];
      const w2 = syn1neg[l2 + c + 2];
      const w3 = syn1neg[l2 + c + 3];
      neu1e[c] += g * w0;
      neu1e[c + 1] += g * w1;
      neu1e[c + 2] += g * w2;
      neu1e[c + 3] += g * w3;
      syn1neg[l2 + c] = w0 + g * input[inOff + c];
      syn1neg[l2 + c + 1] = w1 + g * input[inOff + c + 1];
      syn1neg[l2 + c + 2] = w2 + g * input[inOff + c + 2];
      syn1neg[l2 + c + 3] = w3 + g * input[inOff + c + 3];
    }
    for (; c < dim; c++) {
      const w = syn1neg[l2 + c];
      neu1e[c] += g * w;
      syn1neg[l2 + c] = w + g * input[inOff + c];
    }
  }
  rng[0] = r;
  loss[0] += lossSum;
  loss[1] += pairs;
}

/** A uniform integer in [0, 2^31). */
function nextRandom() {
  let r = rng[0];
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  rng[0] = r;
  return r & 0x7fffffff;
}

function currentAlpha() {
  let done = 0;
  for (let t = 0; t < threads; t++) done += progress[t];
  // Linear decay from alpha to minAlpha over all words of all epochs (gensim; word2vec.c alike).
  return Math.max(minAlpha, startAlpha - (startAlpha - minAlpha) * (done / totalWords));
}

function report(wordsDone) {
  progress[thread] = wordsDone;
  progress[threads + thread] = loss[0];
  progress[2 * threads + thread] = loss[1];
}

function trainSlice() {
  const neu1 = new Float32Array(dim);
  const neu1e = new Float32Array(dim);
  const sentence = new Int32Array(10001);
  const sigmoid = sigmoidTable;
  const logSigmoid = logSigmoidTable;
  let wordsDone = 0;
  let sinceUpdate = 0;
  let alpha = currentAlpha();
  for (let epoch = 0; epoch < epochs; epoch++) {
    let p = start;
    while (p < end) {
      // Gather one sentence, dropping frequent words at random (subsampling, keep[w] precomputed).
      let len = 0;
      while (p < end && tokens[p] !== -1) {
        const w = tokens[p++];
        sinceUpdate++;
        if (keep[w] < 1 && keep[w] < nextRandom() / 2147483648) continue;
        sentence[len++] = w;
      }
      p++; // the -1
      if (sinceUpdate >= 10000) {
        wordsDone += sinceUpdate;
        sinceUpdate = 0;
        report(wordsDone);
        alpha = currentAlpha();
      }
      for (let i = 0; i < len; i++) {
        const word = sentence[i];
        // A random window size in 1..window, so near words count more (word2vec.c's `b`).
        const b = nextRandom() % window;
        const lo = Math.max(0, i - window + b);
        const hi = Math.min(len - 1, i + window - b);
        if (skipGram) {
          // Skip-gram: each context word predicts the centre word.
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            const l1 = sentence[j] * dim;
            neu1e.fill(0);
            trainPair(
              syn1neg,
              table,
              neu1e,
              syn0,
              l1,
              word,
              alpha,
              dim,
              negative,
              sigmoid,
              logSigmoid,
              rng,
              loss,
            );
            for (let c = 0; c < dim; c++) syn0[l1 + c] += neu1e[c];
          }
        } else {
          // CBOW: the mean of the context vectors predicts the centre word.
          neu1.fill(0);
          let cw = 0;
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            const l1 = sentence[j] * dim;
            for (let c = 0; c < dim; c++) neu1[c] += syn0[l1 + c];
            cw++;
          }
          if (cw === 0) continue;
          for (let c = 0; c < dim; c++) neu1[c] /= cw;
          neu1e.fill(0);
          trainPair(
            syn1neg,
            table,
            neu1e,
            neu1,
            0,
            word,
            alpha,
            dim,
            negative,
            sigmoid,
            logSigmoid,
            rng,
            loss,
          );
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            const l1 = sentence[j] * dim;
            for (let c = 0; c < dim; c++) syn0[l1 + c] += neu1e[c];
          }
        }
      }
    }
  }
  report(wordsDone + sinceUpdate);
}

if (module) {
  // The same loop in WebAssembly SIMD (src/tensor/wasm/assembly/word2vec.ts), on the same memory.
  const { trainSlice: trainSliceWasm } = new WebAssembly.Instance(module, {
    env: { memory, abort: () => {} },
  }).exports;
  const s = at.scratch; // this thread's own neu1, neu1e, sentence and σ tables
  new Float32Array(buf, s.sigmoid, EXP_TABLE_SIZE + 1).set(sigmoidTable);
  new Float32Array(buf, s.logSigmoid, EXP_TABLE_SIZE + 1).set(logSigmoidTable);
  trainSliceWasm(
    at.syn0,
    at.syn1,
    at.tokens,
    start,
    end,
    at.table,
    tableSize,
    at.keep,
    at.progress,
    thread,
    threads,
    dim,
    window,
    negative,
    epochs,
    skipGram ? 1 : 0,
    startAlpha,
    minAlpha,
    totalWords,
    rng[0],
    s.sigmoid,
    s.logSigmoid,
    s.neu1,
    s.neu1e,
    s.sentence,
  );
} else {
  trainSlice();
}
parentPort.postMessage("done");
