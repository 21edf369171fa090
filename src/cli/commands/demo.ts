/**
 * `tongguan demo` (also `npm start`) — the course's first two chapters, offline, on what the
 * project ships: how a tokenizer cuts text into tokens, and how word vectors do arithmetic
 * (king − man + woman ≈ queen). It runs the same commands a learner types next.
 */
import type { Command } from "commander";
import pc from "picocolors";

const SAMPLES = [
  "Tokenizers cut text into tokens: the model never sees letters, only ids.",
  "通关：从 token 到 Transformer。 Emoji too: 🤗",
];

export function register(program: Command): void {
  program
    .command("demo")
    .description(
      "offline tour: the token visualizer, word-vector analogies and our own small GPT generating text",
    )
    .action(async () => {
      // The real commands, parsed afresh, so the demo shows exactly what they print.
      const { buildProgram } = await import("../program.ts");
      const run = async (args: string[]) => {
        process.stdout.write(`\n${pc.bold(`$ tongguan ${args.map(quote).join(" ")}`)}\n`);
        await (await buildProgram()).parseAsync(args, { from: "user" });
      };
      process.stdout.write(pc.bold("1. Tokens — text becomes ids (tongguan's own byte-level BPE)\n"));
      for (const text of SAMPLES) await run(["tokenize", text]);
      process.stdout.write(pc.bold("\n2. Word vectors — meaning as arithmetic (GloVe 6B 100d)\n"));
      await run(["vectors", "analogy", "king", "-", "man", "+", "woman", "--top", "5"]);
      await run(["vectors", "neighbors", "tea", "--top", "5"]);
      await run(["vectors", "similarity", "cat", "dog"]);
      process.stdout.write(
        pc.bold("\n3. A GPT of our own — 1.06M parameters trained from scratch on the King James Bible\n"),
      );
      await run(["run", "And God said", "--max-tokens", "40", "--temperature", "0.8", "--seed", "1"]);
      process.stdout.write(
        `\nNext: ${pc.cyan("tongguan --help")}, and the chapter map in docs/chapters.md (docs/chapters.zh-CN.md).\n`,
      );
    });
}

function quote(arg: string): string {
  return /^[\w./+-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
