/**
 * `tongguan serve MODEL` — an OpenAI-compatible HTTP server for any model tongguan runs.
 *
 *   tongguan serve stories260K.bin --tokenizer tok512.bin --port 8080
 *   # then, from Python:  OpenAI(base_url="http://127.0.0.1:8080/v1", api_key="none")
 *
 * Binds to loopback unless --host says otherwise; with --api-key every route but /health needs
 * `Authorization: Bearer KEY`.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { fileError } from "../../errors.ts";
import { openModel, setThreadCount } from "../../generation/open-model.ts";
import type { CacheType } from "../../nn/kv-cache.ts";
import { createApiServer } from "../../server/app.ts";
import { createEngine } from "../../server/engine-from-model.ts";
import { addCacheTypeFlags, numberArg } from "../flags.ts";
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
}

export function register(program: Command): void {
  const cmd = program
    .command("serve")
    .description(
      "serve a model over an OpenAI-compatible HTTP API (/v1/chat/completions, /v1/completions, …)",
    )
    .argument("<model>", "a model folder, a .gguf, a llama2.c .bin, or a hub id ORG/NAME")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--port <port>", "port to listen on", numberArg("--port", true), 8080)
    .option("--api-key <key>", "require Authorization: Bearer KEY (all routes but /health)")
    .option("--parallel <n>", "requests generating at once", numberArg("--parallel", true), 1)
    .option("--queue <n>", "requests waiting beyond --parallel before 429", numberArg("--queue", true), 32)
    .option(
      "--ctx <n>",
      "context length per request (default: the longest the free memory holds for --parallel requests, at most the model's)",
      numberArg("--ctx", true),
    )
    .option("--tokenizer <path>", "the tokenizer (default: the model's own)")
    .option("--threads <n>", "compute threads (default: all cores)", numberArg("--threads", true))
    .option("--model-id <name>", "the model name clients send (default: the file or folder name)")
    .option("--chat-template <file>", "a Jinja chat template for models without one");
  addCacheTypeFlags(cmd).action(async (modelPath: string, flags: ServeFlags) => {
    if (flags.threads !== undefined) await setThreadCount(flags.threads);
    // The fit check and the context: --ctx, or what the free memory holds for --parallel KV caches.
    const opened = await openModel(await localModelPath(modelPath), {
      tokenizer: flags.tokenizer,
      contextLength: flags.ctx,
      cacheTypeK: flags.cacheTypeK,
      cacheTypeV: flags.cacheTypeV,
      sessions: flags.parallel,
    });
    if (opened.memoryNote) process.stderr.write(`tongguan: ${opened.memoryNote}\n`);
    let chatTemplate: string | undefined;
    if (flags.chatTemplate) {
      try {
        chatTemplate = readFileSync(flags.chatTemplate, "utf8");
      } catch {
        throw fileError(flags.chatTemplate, "cannot read the chat template");
      }
    }
    const engine = createEngine({
      modelId: flags.modelId ?? basename(modelPath.replace(/\/+$/, "")),
      model: opened.model,
      tokenizer: opened.tokenizer,
      stopTokens: opened.stopTokens,
      contextLength: opened.contextLength,
      chatTemplate,
    });
    const server = createApiServer({
      engine,
      apiKey: flags.apiKey,
      parallel: flags.parallel,
      queueSize: flags.queue,
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(flags.port, flags.host, resolve);
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : flags.port;
    process.stderr.write(
      `tongguan: serving '${engine.modelId}' on http://${flags.host}:${port}/v1 (context ${engine.contextLength}, parallel ${flags.parallel})\n`,
    );
    // Stay up until interrupted.
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  });
}
