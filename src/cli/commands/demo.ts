/**
 * `tongguan demo` (also `npm start`) — the course's first two chapters, offline, on what the
 * project ships: how a tokenizer cuts text into tokens, and how word vectors do arithmetic
 * (king − man + woman ≈ queen). It runs the same commands a learner types next.
 */
import type { Command } from "commander";
import pc from "picocolors";
import { t } from "../../messages/index.ts";

const SAMPLES = [
  "Tokenizers cut text into tokens: the model never sees letters, only ids.",
  "通关：从 token 到 Transformer。 Emoji too: 🤗",
];

export function register(program: Command): void {
  program
    .command("demo")
    .description(t("cli.demo.description"))
    .action(async () => {
      // The real commands, parsed afresh, so the demo shows exactly what they print.
      const { buildProgram } = await import("../program.ts");
      const run = async (args: string[]) => {
        process.stdout.write(`\n${pc.bold(`$ tongguan ${args.map(quote).join(" ")}`)}\n`);
        await (await buildProgram()).parseAsync(args, { from: "user" });
      };
      process.stdout.write(pc.bold(`${t("cli.demo.tokens")}\n`));
      for (const text of SAMPLES) await run(["tokenize", text]);
      process.stdout.write(pc.bold(t("cli.demo.vectors")));
      await run(["vectors", "analogy", "king", "-", "man", "+", "woman", "--top", "5"]);
      await run(["vectors", "neighbors", "tea", "--top", "5"]);
      await run(["vectors", "similarity", "cat", "dog"]);
      process.stdout.write(pc.bold(t("cli.demo.gpt")));
      await run(["run", "And God said", "--max-tokens", "40", "--temperature", "0.8", "--seed", "1"]);
      process.stdout.write(t("cli.demo.next", { help: pc.cyan("tongguan --help") }));
    });
}

function quote(arg: string): string {
  return /^[\w./+-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
