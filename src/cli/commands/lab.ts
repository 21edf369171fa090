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
    throw new InvalidArgumentError(`--port needs a whole number in 0..65535, got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command("lab")
    .description(
      "open the lab: web pages showing tokens, embeddings, attention, positions and the model at work",
    )
    .argument(
      "[model]",
      "a model folder, a .gguf, a llama2.c .bin, or a hub id ORG/NAME (default: the shipped model)",
    )
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--port <port>", "port to listen on (0: any free port)", portArg, 3000)
    .option("--tokenizer <path>", "the model's tokenizer (default: the model's own)")
    .option("--tokenizers <paths...>", "more tokenizers for the Tokens page (folders or files)")
    .option("--web <dir>", "serve the pages from DIR (default: the built dist/web)")
    .action(async (model: string | undefined, flags: LabFlags) => lab(modelOrDefault(model), flags));
}

async function lab(modelArg: string, flags: LabFlags): Promise<void> {
  if (flags.host.trim() === "" || (/^[\d.]+$/.test(flags.host) && isIP(flags.host) === 0))
    throw new TongguanError(`--host ${flags.host}: not an IP address or host name`);
  for (const p of flags.tokenizers ?? [])
    if (!existsSync(p)) throw fileError(p, "--tokenizers: no such file or folder");
  const webDir = resolve(flags.web ?? BUILT_WEB_DIR);
  if (flags.web !== undefined && !existsSync(webDir)) throw fileError(flags.web, "--web: no such folder");
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
            ? `--port ${flags.port}: ${flags.host}:${flags.port} is already in use; choose another port (--port 0: any free one)`
            : `cannot listen on ${flags.host}:${flags.port}: ${err.code ?? err.message}`,
        ),
      ),
    );
    server.listen(flags.port, flags.host, done);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  context.options.port = port;
  const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  if (!existsSync(resolve(webDir, "index.html")))
    process.stderr.write(
      `tongguan lab: the pages are not built (npm run build:web); the API answers under /api/\n`,
    );
  process.stderr.write(`tongguan lab: '${context.modelName}' at http://${host}:${port}/\n`);
  if (!isLoopbackHost(flags.host))
    process.stderr.write(
      `tongguan lab: warning: ${flags.host} is reachable from other machines, and the lab has no password\n`,
    );
  await new Promise<void>((done) => {
    const stop = () => {
      server.closeAllConnections();
      server.close(() => done());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
