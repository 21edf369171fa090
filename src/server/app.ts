/**
 * An OpenAI-compatible HTTP server (node:http, no framework): the official OpenAI clients work
 * unchanged against it. Routes:
 *   GET  /health                 liveness, never needs the API key
 *   GET  /v1/models              the one model served
 *   POST /v1/chat/completions    chat template applied; stream (SSE, ends with [DONE]) or not
 *   POST /v1/completions         plain text completion
 *   POST /tokenize, /detokenize  as llama.cpp's server has them
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { TongguanError } from "../errors.ts";
import type { Engine, GenerationSummary, TokenStep } from "./engine.ts";
import { badField, HttpError } from "./http-error.ts";
import {
  type ChatRequest,
  type CompletionRequest,
  parseChatRequest,
  parseCompletionRequest,
} from "./params.ts";
import { Slots } from "./slots.ts";

export interface ServerOptions {
  engine: Engine;
  apiKey?: string;
  /** Requests generating at once (each has its own KV cache). */
  parallel?: number;
  /** Requests waiting beyond `parallel` before new ones get 429. */
  queueSize?: number;
  /** Largest accepted request body, bytes. */
  bodyLimit?: number;
  /** One line per request; default: stderr. */
  log?: (line: string) => void;
}

interface Outcome {
  status: number;
  tokens?: string;
}

export function createApiServer(options: ServerOptions): Server {
  const { engine } = options;
  const slots = new Slots(options.parallel ?? 1, options.queueSize ?? 32);
  const bodyLimit = options.bodyLimit ?? 1 << 20;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const created = Math.floor(Date.now() / 1000);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Outcome> {
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Authorization",
      });
      res.end();
      return { status: 204 };
    }
    if (path === "/health") return expect(method, "GET", () => sendJson(res, 200, { status: "ok" }));
    checkApiKey(req);
    switch (path) {
      case "/v1/models":
        return expect(method, "GET", () =>
          sendJson(res, 200, {
            object: "list",
            data: [{ id: engine.modelId, object: "model", created, owned_by: "tongguan" }],
          }),
        );
      case "/v1/chat/completions":
      case "/chat/completions":
        expect(method, "POST");
        return complete(parseChatRequest(await readJson(req)), res);
      case "/v1/completions":
      case "/completions":
        expect(method, "POST");
        return complete(parseCompletionRequest(await readJson(req)), res);
      case "/tokenize":
        expect(method, "POST");
        return tokenize(await readJson(req), res);
      case "/detokenize":
        expect(method, "POST");
        return detokenize(await readJson(req), res);
      default:
        throw new HttpError(404, `no route ${method} ${path}`, "invalid_request_error", null, "not_found");
    }
  }

  function expect(method: string, wanted: string, then?: () => Outcome): Outcome {
    if (method !== wanted) throw new HttpError(405, `use ${wanted} for this route`, "invalid_request_error");
    return then ? then() : { status: 200 };
  }

  function checkApiKey(req: IncomingMessage): void {
    if (!options.apiKey) return;
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      throw new HttpError(
        401,
        "missing or wrong API key (Authorization: Bearer KEY)",
        "invalid_request_error",
        null,
        "invalid_api_key",
      );
    }
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > bodyLimit) throw new HttpError(413, `request body over ${bodyLimit} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > bodyLimit) throw new HttpError(413, `request body over ${bodyLimit} bytes`);
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (err) {
      throw new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`);
    }
  }

  function tokenize(body: unknown, res: ServerResponse): Outcome {
    const b = body as Record<string, unknown>;
    if (typeof b?.content !== "string") throw badField("content", "must be a string");
    const ids = engine.tokenize(b.content, b.add_special === true);
    const tokens = b.with_pieces === true ? ids.map((id) => ({ id, piece: engine.tokenString(id) })) : ids;
    return sendJson(res, 200, { tokens });
  }

  function detokenize(body: unknown, res: ServerResponse): Outcome {
    const b = body as Record<string, unknown>;
    const ids = b?.tokens;
    if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x) && x >= 0)) {
      throw badField("tokens", "must be an array of token ids");
    }
    return sendJson(res, 200, { content: engine.detokenize(ids as number[]) });
  }

  async function complete(request: ChatRequest | CompletionRequest, res: ServerResponse): Promise<Outcome> {
    if (request.model !== undefined && request.model !== engine.modelId) {
      throw new HttpError(
        400,
        `unknown model '${request.model}': this server serves '${engine.modelId}'`,
        "invalid_request_error",
        "model",
        "model_not_found",
      );
    }
    const prompt =
      request.kind === "chat"
        ? engine.tokenize(engine.renderChat(request.messages), false)
        : typeof request.prompt === "string"
          ? engine.tokenize(request.prompt, true)
          : request.prompt;
    if (prompt.length >= engine.contextLength) {
      throw new HttpError(
        400,
        `the prompt is ${prompt.length} tokens; the context holds ${engine.contextLength} (prompt + at least 1 new token)`,
        "invalid_request_error",
        request.kind === "chat" ? "messages" : "prompt",
        "context_length_exceeded",
      );
    }
    const abort = new AbortController();
    // A client that goes away frees its slot (or its place in the queue) at once.
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const release = await slots.acquire(abort.signal);
    if (!release) {
      if (abort.signal.aborted) return { status: 499 };
      throw new HttpError(
        429,
        `server busy: ${slots.parallel} running and ${slots.queueSize} waiting`,
        "server_busy",
        null,
        "rate_limit_exceeded",
      );
    }
    try {
      const generator = engine.generate(prompt, request, abort.signal);
      return request.stream
        ? await streamReply(request, generator, res)
        : await wholeReply(request, generator, res);
    } finally {
      release();
    }
  }

  async function wholeReply(
    request: ChatRequest | CompletionRequest,
    generator: AsyncGenerator<TokenStep, GenerationSummary>,
    res: ServerResponse,
  ): Promise<Outcome> {
    const steps: TokenStep[] = [];
    let text = "";
    let next = await generator.next();
    while (!next.done) {
      steps.push(next.value);
      text += next.value.text;
      next = await generator.next();
    }
    const summary = next.value;
    text += summary.tail;
    const id = `${request.kind === "chat" ? "chatcmpl" : "cmpl"}-${randomUUID()}`;
    const usage = usageOf(summary);
    const logprobs = request.topLogprobs === undefined ? null : logprobsOf(request, steps);
    const choice =
      request.kind === "chat"
        ? {
            index: 0,
            message: { role: "assistant", content: text },
            logprobs,
            finish_reason: summary.finishReason,
          }
        : { index: 0, text, logprobs, finish_reason: summary.finishReason };
    const object = request.kind === "chat" ? "chat.completion" : "text_completion";
    sendJson(res, 200, { id, object, created: now(), model: engine.modelId, choices: [choice], usage });
    return { status: 200, tokens: `${usage.prompt_tokens}+${usage.completion_tokens}` };
  }

  async function streamReply(
    request: ChatRequest | CompletionRequest,
    generator: AsyncGenerator<TokenStep, GenerationSummary>,
    res: ServerResponse,
  ): Promise<Outcome> {
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    });
    const id = `${request.kind === "chat" ? "chatcmpl" : "cmpl"}-${randomUUID()}`;
    const object = request.kind === "chat" ? "chat.completion.chunk" : "text_completion";
    const t = now();
    const send = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      if (!res.writableEnded) {
        res.write(
          `data: ${JSON.stringify({ id, object, created: t, model: engine.modelId, choices: [choice], ...extra })}\n\n`,
        );
      }
    };
    const piece = (text: string, step?: TokenStep, finish: string | null = null) =>
      request.kind === "chat"
        ? {
            index: 0,
            delta: text === "" && finish ? {} : { content: text },
            logprobs: step && request.topLogprobs !== undefined ? logprobsOf(request, [step]) : null,
            finish_reason: finish,
          }
        : {
            index: 0,
            text,
            logprobs: step && request.topLogprobs !== undefined ? logprobsOf(request, [step]) : null,
            finish_reason: finish,
          };
    if (request.kind === "chat")
      send({ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null });
    let next = await generator.next();
    while (!next.done) {
      send(piece(next.value.text, next.value));
      next = await generator.next();
    }
    const summary = next.value;
    send(piece(summary.tail, undefined, summary.finishReason));
    const usage = usageOf(summary);
    if (request.includeUsage && !res.writableEnded) {
      res.write(
        `data: ${JSON.stringify({ id, object, created: t, model: engine.modelId, choices: [], usage })}\n\n`,
      );
    }
    if (!res.writableEnded) res.end("data: [DONE]\n\n");
    return { status: 200, tokens: `${usage.prompt_tokens}+${usage.completion_tokens}` };
  }

  function logprobsOf(request: ChatRequest | CompletionRequest, steps: TokenStep[]) {
    const k = request.topLogprobs ?? 0;
    if (request.kind === "chat") {
      return {
        content: steps.map((s) => ({
          token: s.token,
          logprob: s.logprob,
          bytes: [...Buffer.from(s.token, "utf8")],
          top_logprobs: s.top
            .slice(0, k)
            .map((o) => ({ token: o.token, logprob: o.logprob, bytes: [...Buffer.from(o.token, "utf8")] })),
        })),
      };
    }
    let offset = 0;
    const textOffset = steps.map((s) => {
      const at = offset;
      offset += s.text.length;
      return at;
    });
    return {
      tokens: steps.map((s) => s.token),
      token_logprobs: steps.map((s) => s.logprob),
      top_logprobs: steps.map((s) => Object.fromEntries(s.top.slice(0, k).map((o) => [o.token, o.logprob]))),
      text_offset: textOffset,
    };
  }

  return createServer((req, res) => {
    const start = performance.now();
    route(req, res)
      .catch((err: unknown): Outcome => {
        const e =
          err instanceof HttpError
            ? err
            : err instanceof TongguanError
              ? new HttpError(400, err.message)
              : new HttpError(
                  500,
                  `internal error: ${(err as Error)?.message ?? String(err)}`,
                  "server_error",
                );
        if (e.status === 500) process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
        if (res.headersSent) {
          // Mid-stream: all we can do is say so in the stream and close it.
          if (!res.writableEnded) res.end(`data: ${JSON.stringify(e.toJSON())}\n\n`);
          return { status: e.status };
        }
        return sendJson(res, e.status, e.toJSON());
      })
      .then((outcome) => {
        const ms = (performance.now() - start).toFixed(0);
        log(
          `${req.method} ${req.url} ${outcome.status}${outcome.tokens ? ` ${outcome.tokens} tok` : ""} ${ms} ms`,
        );
      });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): Outcome {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
  return { status };
}

function usageOf(s: GenerationSummary) {
  return {
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    total_tokens: s.promptTokens + s.completionTokens,
  };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
