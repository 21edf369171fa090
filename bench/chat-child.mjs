// One 5-turn chat measurement for bench/generate.ts --chat, in a child process of its own:
//   node bench/chat-child.mjs ENGINE FILE THREADS TURNS PROMPT_TOKENS GEN_TOKENS   → one JSON line
// ENGINE: tongguan or llama.cpp. Plain JavaScript over the compiled dist/ (npm run build), as
// bench/llama-cpp-child.mjs.
const [engine, file, threads, turns, promptTokens, genTokens] = process.argv.slice(2);
const o = {
  threads: Number(threads),
  turns: Number(turns),
  promptTokens: Number(promptTokens),
  genTokens: Number(genTokens),
};
const r =
  engine === "tongguan"
    ? await (await import("../dist/src/bench/chat.js")).chatTongguan(file, o)
    : await (await import("../dist/src/bench/llama-cpp.js")).chatLlamaCpp(file, o);
process.stdout.write(`${JSON.stringify(r)}\n`);
process.exit(0); // node-llama-cpp keeps handles open; tongguan's worker pool too
