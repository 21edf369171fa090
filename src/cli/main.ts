/**
 * The \`tongguan\` command line entry: picks the language (locale.ts), builds the program
 * (program.ts) and turns user errors into one clear line and exit code 1.
 */
import { CommanderError } from "commander";
import { TongguanError } from "../errors.ts";
import { setLocale } from "../messages/index.ts";
import { chooseLocale } from "./locale.ts";
import { buildProgram } from "./program.ts";

/** Runs the CLI; user errors print one clear line, bugs print their stack (or always with TONGGUAN_DEBUG=1). */
export async function main(argv: string[]): Promise<number> {
  let args: string[];
  try {
    const chosen = chooseLocale(argv);
    setLocale(chosen.locale);
    args = chosen.argv;
  } catch (err) {
    if (!(err instanceof TongguanError)) throw err;
    process.stderr.write(`tongguan: ${err.message}\n`);
    return 1;
  }
  const program = await buildProgram(args);
  program.exitOverride();
  try {
    await program.parseAsync(args, { from: "user" });
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

const isEntry = process.argv[1] && /tongguan(\.js)?$|main\.[jt]s$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
