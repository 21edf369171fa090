/**
 * The \`tongguan\` program: each command lives in its own file under \`commands/\` and exports
 * \`register(program)\`; this file finds them all, so adding a command touches one file.
 *
 * \`tongguan run …\` imports only commands/run.ts (the file named like the command): each command's
 * imports — the server, the hub client, Jinja, the trainers — cost start-up time and memory (~9 MiB
 * for all of them), which a model run should not pay. Help, or an unknown command, loads them all.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { t } from "../messages/index.ts";
import { localizeHelp } from "./locale.ts";

export type RegisterCommand = (program: Command) => void;

/** The program with every command, or only `argv`'s command when its first word names a command file. */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command("tongguan")
    .description(t("cli.program.description"))
    .version("0.1.0", "-V, --version", t("cli.program.version"))
    .showHelpAfterError(t("cli.program.helpAfterError"));
  const dir = join(dirname(fileURLToPath(import.meta.url)), "commands");
  const files = readdirSync(dir)
    // .ts under src/, .js once compiled to dist/src/ (scripts/build.mjs)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
  const named = files.filter((f) => f.replace(/\.(ts|js)$/, "") === argv[0]);
  for (const file of named.length === 1 ? named : files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { register?: RegisterCommand };
    if (typeof mod.register !== "function") throw new Error(t("cli.program.noRegister", { file }));
    mod.register(program);
  }
  // A usage error is one line and where to look, not the whole help (which hides the line).
  for (const cmd of program.commands) usageHint(cmd, `tongguan ${cmd.name()}`);
  localizeHelp(program);
  return program;
}

function usageHint(cmd: Command, path: string): void {
  cmd.showHelpAfterError(t("cli.program.commandHelpAfterError", { path }));
  for (const sub of cmd.commands) usageHint(sub, `${path} ${sub.name()}`);
}
