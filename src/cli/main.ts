/**
 * The `tongguan` command line. Each command lives in its own file under `commands/` and exports
 * `register(program)`; this file finds them all, so adding a command touches one file.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { TongguanError } from "../errors.ts";

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

/** Runs the CLI; user errors print one clear line, bugs print their stack (or always with TONGGUAN_DEBUG=1). */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof TongguanError && !process.env.TONGGUAN_DEBUG) {
      process.stderr.write(`tongguan: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const isEntry = process.argv[1] && /tongguan(\.js)?$|main\.ts$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
