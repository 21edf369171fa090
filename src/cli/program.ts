/**
 * The \`tongguan\` program: each command lives in its own file under \`commands/\` and exports
 * \`register(program)\`; this file finds them all, so adding a command touches one file.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";

export type RegisterCommand = (program: Command) => void;

export async function buildProgram(): Promise<Command> {
  const program = new Command("tongguan")
    .description("通关 — the Transformer, piece by piece: tokenizers, embeddings, models, generation")
    .version("0.1.0")
    .showHelpAfterError();
  const dir = join(dirname(fileURLToPath(import.meta.url)), "commands");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { register?: RegisterCommand };
    if (typeof mod.register !== "function") throw new Error(`src/cli/commands/${file} exports no register()`);
    mod.register(program);
  }
  return program;
}
