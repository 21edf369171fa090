// One llama.cpp measurement for bench/generate.ts, in a child process of its own:
//   node bench/llama-cpp-child.mjs FILE THREADS PROMPT_TOKENS GEN_TOKENS [auto|off]   → one JSON line
// (the last argument: llama.cpp's flash attention, "auto" unless told)
// Plain JavaScript over the compiled dist/ (npm run build), so that no TypeScript loader adds its
// thread and memory to the peak RSS measured here — tongguan's child is its compiled CLI likewise.
const { benchLlamaCpp } = await import("../dist/src/bench/llama-cpp.js");
const [file, threads, promptTokens, genTokens, flashAttention = "auto"] = process.argv.slice(2);
const r = await benchLlamaCpp(file, {
  threads: Number(threads),
  promptTokens: Number(promptTokens),
  genTokens: Number(genTokens),
  flashAttention,
});
process.stdout.write(`${JSON.stringify(r)}\n`);
process.exit(0); // node-llama-cpp keeps handles open
