/**
 * `tongguan lab [MODEL]` — the lab: web pages that show the engine at work on MODEL (default: the
 * shipped model), served on this machine.
 *
 *   tongguan lab                                   the default model, http://127.0.0.1:3000/
 *   tongguan lab models/qwen2 --port 8000
 *   tongguan lab --tokenizers ../fixtures/tokenizers/qwen2 ../fixtures/tokenizers/bert
 *
 * Binds to loopback unless --host says otherwise (with a warning: the lab has no password). The
 * server is src/web/lab-server.ts; the pages are web/, built into dist/web/ by `npm ci`.
 */
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { fileError, TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { openLab } from "../../web/lab-context.ts";
import { createLabServer, isLoopbackHost } from "../../web/lab-server.ts";
import { labRoutes } from "../../web/routes/index.ts";
import { BUILT_WEB_DIR } from "../../web/static-files.ts";
import { modelOrDefault } from "../default-model.ts";
import { localModelPath } from "../model-path.ts";

interface LabFlags {
  host: string;
  port: number;
  tokenizer?: string;
  tokenizers?: string[];
  web?: string;
}

function portArg(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 65535)
    throw new InvalidArgumentError(t("cli.lab.portNeedsAWhole", { value }));
  return n;
}

export function register(program: Command): void {
  program
    .command("lab")
    .description(t("cli.lab.description"))
    .argument("[model]", t("cli.lab.arg.model"))
    .option("--host <host>", t("cli.lab.opt.host"), "127.0.0.1")
    .option("--port <port>", t("cli.lab.opt.port"), portArg, 3000)
    .option("--tokenizer <path>", t("cli.lab.opt.tokenizer"))
    .option("--tokenizers <paths...>", t("cli.lab.opt.tokenizers"))
    .option("--web <dir>", t("cli.lab.opt.web"))
    .action(async (model: string | undefined, flags: LabFlags) => lab(modelOrDefault(model), flags));
}

async function lab(modelArg: string, flags: LabFlags): Promise<void> {
  if (flags.host.trim() === "" || (/^[\d.]+$/.test(flags.host) && isIP(flags.host) === 0))
    throw new TongguanError(t("cli.lab.hostNotAnIp", { host: flags.host }));
  for (const p of flags.tokenizers ?? [])
    if (!existsSync(p)) throw fileError(p, t("cli.lab.tokenizersNoSuchFile"));
  const webDir = resolve(flags.web ?? BUILT_WEB_DIR);
  if (flags.web !== undefined && !existsSync(webDir))
    throw fileError(flags.web, t("cli.lab.webNoSuchFolder"));
  const context = await openLab({
    model: await localModelPath(modelArg),
    tokenizer: flags.tokenizer,
    tokenizers: flags.tokenizers,
    host: flags.host,
    port: flags.port,
  });
  const server = createLabServer({ context, routes: labRoutes, webDir });
  await new Promise<void>((done, fail) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      fail(
        new TongguanError(
          err.code === "EADDRINUSE"
            ? t("cli.lab.portInUse", { port: flags.port, host: flags.host })
            : t("cli.lab.cannotListen", {
                host: flags.host,
                port: flags.port,
                reason: err.code ?? err.message,
              }),
        ),
      ),
    );
    server.listen(flags.port, flags.host, done);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  context.options.port = port;
  const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  if (!existsSync(resolve(webDir, "index.html"))) process.stderr.write(`${t("cli.lab.notBuilt")}\n`);
  process.stderr.write(`${t("cli.lab.serving", { model: context.modelName, host, port })}\n`);
  if (!isLoopbackHost(flags.host))
    process.stderr.write(`${t("cli.lab.noPasswordWarning", { host: flags.host })}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      server.closeAllConnections();
      server.close(() => done());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
