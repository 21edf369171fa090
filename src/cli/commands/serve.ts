/**
 * `tongguan serve MODEL` — an OpenAI-compatible HTTP server for any model tongguan runs.
 *
 *   tongguan serve stories260K.bin --tokenizer tok512.bin --port 8080
 *   # then, from Python:  OpenAI(base_url="http://127.0.0.1:8080/v1", api_key="none")
 *
 * Binds to loopback unless --host says otherwise; with --api-key every route but /health needs
 * `Authorization: Bearer KEY`. A BERT model is served for /v1/embeddings.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { basename } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { fileError, TongguanError } from "../../errors.ts";
import { openModel, setThreadCount } from "../../generation/open-model.ts";
import { t } from "../../messages/index.ts";
import type { CacheType } from "../../nn/kv-cache.ts";
import { createApiServer } from "../../server/app.ts";
import type { Engine } from "../../server/engine.ts";
import { modelOrDefault } from "../default-model.ts";
import { addCacheTypeFlags, threadsArg } from "../flags.ts";
import { localModelPath } from "../model-path.ts";

interface ServeFlags {
  host: string;
  port: number;
  apiKey?: string;
  parallel: number;
  queue: number;
  ctx?: number;
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
  tokenizer?: string;
  threads?: number;
  modelId?: string;
  chatTemplate?: string;
  cors?: string;
  rawSpecialTokens?: boolean;
}

/** An integer flag in [min, max]. */
function intArg(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(t("cli.serve.needsAWholeNumber", { flag, min, max, value }));
    return n;
  };
}

/** How long a SIGINT/SIGTERM waits for running requests before closing their connections. */
const DRAIN_MS = 5000;

export function register(program: Command): void {
  const cmd = program
    .command("serve")
    .description(t("cli.serve.description"))
    .argument("[model]", t("cli.serve.arg.model"))
    .option("--host <host>", t("cli.serve.opt.host"), "127.0.0.1")
    .option("--port <port>", t("cli.serve.opt.port"), intArg("--port", 0, 65535), 8080)
    .option("--api-key <key>", t("cli.serve.opt.apiKey"))
    .option("--parallel <n>", t("cli.serve.opt.parallel"), intArg("--parallel", 1, 1024), 1)
    .option("--queue <n>", t("cli.serve.opt.queue"), intArg("--queue", 0, 1 << 20), 32)
    .option("--ctx <n>", t("cli.serve.opt.ctx"), intArg("--ctx", 2))
    .option("--tokenizer <path>", t("cli.serve.opt.tokenizer"))
    .option("--threads <n>", t("cli.serve.opt.threads"), threadsArg())
    .option("--model-id <name>", t("cli.serve.opt.modelId"))
    .option("--chat-template <file>", t("cli.serve.opt.chatTemplate"))
    .option("--cors <origin>", t("cli.serve.opt.cors"))
    .option("--raw-special-tokens", t("cli.serve.opt.rawSpecialTokens"));
  addCacheTypeFlags(cmd).action(async (named: string | undefined, flags: ServeFlags) =>
    serve(modelOrDefault(named), flags),
  );
}

async function serve(modelPath: string, flags: ServeFlags): Promise<void> {
  if (flags.apiKey !== undefined && flags.apiKey.trim() === "")
    throw new TongguanError(t("cli.serve.apiKeyTheKey"));
  if (flags.host.trim() === "" || (/^[\d.]+$/.test(flags.host) && isIP(flags.host) === 0))
    throw new TongguanError(t("cli.serve.hostNotAnIp", { host: flags.host }));
  if (flags.threads !== undefined) await setThreadCount(flags.threads);
  const modelId = flags.modelId ?? basename(modelPath.replace(/\/+$/, ""));
  const engine = await engineFor(modelPath, modelId, flags);
  const server = createApiServer({
    engine,
    apiKey: flags.apiKey,
    parallel: flags.parallel,
    queueSize: flags.queue,
    cors: flags.cors,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(listenError(err, flags)));
    server.listen(flags.port, flags.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  process.stderr.write(
    `${t("cli.serve.serving", {
      modelId: engine.modelId,
      host,
      port,
      contextLength: engine.contextLength,
      parallel: flags.parallel,
    })}\n`,
  );
  if (!isLoopback(flags.host) && flags.apiKey === undefined)
    process.stderr.write(`${t("cli.serve.noApiKeyWarning", { host: flags.host })}\n`);
  // Stay up until interrupted; then let running requests finish, for DRAIN_MS at most.
  await new Promise<void>((resolve) => {
    const stop = () => {
      const timer = setTimeout(() => {
        process.stderr.write(`${t("cli.serve.closing", { seconds: DRAIN_MS / 1000 })}\n`);
        server.closeAllConnections();
      }, DRAIN_MS);
      timer.unref();
      server.closeIdleConnections();
      server.close(() => resolve());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function engineFor(modelPath: string, modelId: string, flags: ServeFlags): Promise<Engine> {
  let opened: Awaited<ReturnType<typeof openModel>>;
  try {
    // The fit check and the context: --ctx, or what the free memory holds for --parallel KV caches.
    opened = await openModel(await localModelPath(modelPath), {
      tokenizer: flags.tokenizer,
      contextLength: flags.ctx,
      cacheTypeK: flags.cacheTypeK,
      cacheTypeV: flags.cacheTypeV,
      sessions: flags.parallel,
    });
  } catch (err) {
    if (!(err instanceof TongguanError) || !/BERT encoder cannot generate/.test(err.message)) throw err;
    // An encoder: served for /v1/embeddings.
    const { loadEncoder } = await import("../../models/index.ts");
    const { loadTokenizer } = await import("../../tokenizers/index.ts");
    const path = await localModelPath(modelPath);
    const { createEmbeddingEngine } = await import("../../server/embedding-engine.ts");
    return createEmbeddingEngine({
      modelId,
      model: await loadEncoder(path),
      tokenizer: await loadTokenizer(flags.tokenizer ?? path),
    });
  }
  if (opened.memoryNote) process.stderr.write(`tongguan: ${opened.memoryNote}\n`);
  let chatTemplate: string | undefined;
  if (flags.chatTemplate) {
    try {
      chatTemplate = readFileSync(flags.chatTemplate, "utf8");
    } catch {
      throw fileError(flags.chatTemplate, t("cli.serve.cannotReadTheChat"));
    }
  }
  const { createEngine } = await import("../../server/engine-from-model.ts");
  return createEngine({
    modelId,
    model: opened.model,
    tokenizer: opened.tokenizer,
    stopTokens: opened.stopTokens,
    contextLength: opened.contextLength,
    chatTemplate,
    parallel: flags.parallel,
    rawContent: flags.rawSpecialTokens === true,
  });
}

function listenError(err: NodeJS.ErrnoException, flags: ServeFlags): TongguanError {
  const where = `${flags.host}:${flags.port}`;
  switch (err.code) {
    case "EADDRINUSE":
      return new TongguanError(t("cli.serve.portIsAlreadyIn", { port: flags.port, where }));
    case "EACCES":
      return new TongguanError(t("cli.serve.portNotAllowedTo", { port: flags.port, where }));
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EINVAL":
      return new TongguanError(t("cli.serve.hostCannotListenOn", { host: flags.host, code: err.code }));
    default:
      return new TongguanError(t("cli.serve.cannotListenOn", { where, errMessage: err.message }));
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
