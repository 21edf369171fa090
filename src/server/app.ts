/**
 * An OpenAI-compatible HTTP server (node:http, no framework): the official OpenAI clients work
 * unchanged against it. Routes:
 *   GET  /health                 liveness, never needs the API key
 *   GET  /v1/models              the one model served
 *   POST /v1/chat/completions    chat template applied; stream (SSE, ends with [DONE]) or not
 *   POST /v1/completions         plain text completion
 *   POST /v1/embeddings          an encoder's (BERT's) sentence embeddings
 *   POST /tokenize, /detokenize  as llama.cpp's server has them
 *
 * One model is served, so a request's `model` field selects it whatever it says (as llama.cpp's
 * server does); /v1/models says so.
 *
 * Hostile input in mind: cross-origin pages get no CORS headers unless `cors` names their origin,
 * POST bodies must be `application/json` (so a page cannot send a "simple" text/plain request),
 * connections, headers and idle sockets are bounded, and a 5xx never carries exception text.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
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
  /** An origin allowed to call from a browser ("*" for any); default none (same-origin only). */
  cors?: string;
  /** Open connections at most; past it new ones are dropped (default 256). */
  maxConnections?: number;
  /** A client must send its headers within this many ms (default 10,000). */
  headersTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms (default 5,000). */
  keepAliveTimeoutMs?: number;
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
    const origin = req.headers.origin;
    const allowed = options.cors !== undefined && (options.cors === "*" || origin === options.cors);
    if (allowed) res.setHeader("Access-Control-Allow-Origin", options.cors === "*" ? "*" : (origin ?? ""));
    if (method === "OPTIONS") {
      res.writeHead(
        204,
        allowed
          ? {
              "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
              "Access-Control-Allow-Headers": "Content-Type, Authorization",
            }
          : {},
      );
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
            data: [
              {
                id: engine.modelId,
                object: "model",
                created,
                owned_by: "tongguan",
                // One model is served: any `model` in a request selects it (as llama.cpp's server does).
                any_model_id_accepted: true,
              },
            ],
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
      case "/v1/embeddings":
      case "/embeddings":
        expect(method, "POST");
        return embeddings(await readJson(req), res);
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
    if (options.apiKey === undefined) return;
    // RFC 7235: the scheme name is case-insensitive ("bearer KEY" is as good as "Bearer KEY").
    const m = /^bearer +(.+)$/i.exec(req.headers.authorization ?? "");
    if (!m || !sameSecret(m[1].trim(), options.apiKey)) {
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
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json")
      throw new HttpError(
        415,
        `the request body must be sent as Content-Type: application/json${type ? `, not ${type}` : ""}`,
      );
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
    checkLength(b.content.length, "content");
    const ids = engine.tokenize(b.content, b.add_special === true);
    const tokens = b.with_pieces === true ? ids.map((id) => ({ id, piece: engine.tokenString(id) })) : ids;
    return sendJson(res, 200, { tokens });
  }

  function detokenize(body: unknown, res: ServerResponse): Outcome {
    const b = body as Record<string, unknown>;
    const ids = b?.tokens;
    if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x) && x >= 0 && x < engine.vocabSize)) {
      throw badField("tokens", `must be an array of token ids in 0..${engine.vocabSize - 1}`);
    }
    return sendJson(res, 200, { content: engine.detokenize(ids as number[]) });
  }

  /** Refuses text that cannot fit the context, by its length alone (before tokenizing it). */
  function checkLength(chars: number, param: string): void {
    if (chars > engine.maxPromptChars)
      throw new HttpError(
        400,
        `the ${param} is ${chars} characters: more than the ${engine.maxPromptChars} that could fit a context of ${engine.contextLength} tokens`,
        "invalid_request_error",
        param,
        "context_length_exceeded",
      );
  }

  function promptOf(request: ChatRequest | CompletionRequest): number[] {
    if (request.kind === "chat") {
      checkLength(
        request.messages.reduce((n, m) => n + m.content.length, 0),
        "messages",
      );
      return engine.tokenizeChat
        ? engine.tokenizeChat(request.messages)
        : engine.tokenize(engine.renderChat(request.messages), false);
    }
    if (typeof request.prompt === "string") {
      checkLength(request.prompt.length, "prompt");
      return engine.tokenize(request.prompt, true);
    }
    for (const id of request.prompt) {
      if (id >= engine.vocabSize)
        throw badField("prompt", `token id ${id} is outside the vocabulary 0..${engine.vocabSize - 1}`);
    }
    return request.prompt;
  }

  async function complete(request: ChatRequest | CompletionRequest, res: ServerResponse): Promise<Outcome> {
    if (engine.generates === false)
      throw new HttpError(
        400,
        `'${engine.modelId}' is an encoder: it makes embeddings (/v1/embeddings), not text`,
        "invalid_request_error",
        "model",
      );
    const prompt = promptOf(request);
    if (prompt.length === 0) throw badField(request.kind === "chat" ? "messages" : "prompt", "is empty");
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
      res.setHeader("Retry-After", "1");
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
      const outcome = request.stream
        ? await streamReply(request, generator, res)
        : await wholeReply(request, generator, res);
      // The client left before the reply ended (nginx's 499: client closed request).
      return abort.signal.aborted ? { ...outcome, status: 499 } : outcome;
    } catch (err) {
      // The request was checked before it got a slot: what fails from here on is the server's fault.
      throw err instanceof HttpError ? err : serverError(err);
    } finally {
      release();
    }
  }

  function embeddings(body: unknown, res: ServerResponse): Outcome {
    if (!engine.embed)
      throw new HttpError(
        400,
        `'${engine.modelId}' generates text; /v1/embeddings needs an encoder model (a BERT)`,
        "invalid_request_error",
        "model",
      );
    const b = body as Record<string, unknown>;
    if (typeof b !== "object" || b === null || Array.isArray(b))
      throw new HttpError(400, "the request body must be a JSON object");
    for (const key of Object.keys(b)) {
      if (!["input", "model", "encoding_format", "user"].includes(key))
        throw badField(key, "is not a supported parameter");
    }
    if (b.encoding_format !== undefined && b.encoding_format !== "float")
      throw badField("encoding_format", "only 'float' is supported");
    const input = b.input;
    const texts =
      typeof input === "string"
        ? [input]
        : Array.isArray(input) &&
            input.length > 0 &&
            input.length <= 256 &&
            input.every((x) => typeof x === "string")
          ? (input as string[])
          : undefined;
    if (!texts) throw badField("input", "must be a string or an array of 1 to 256 strings");
    texts.forEach((t, i) => {
      checkLength(t.length, typeof input === "string" ? "input" : `input[${i}]`);
    });
    const out = engine.embed(texts);
    const tokens = out.reduce((n, e) => n + e.tokens, 0);
    return sendJson(res, 200, {
      object: "list",
      data: out.map((e, index) => ({ object: "embedding", index, embedding: Array.from(e.embedding) })),
      model: engine.modelId,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
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
    // The first step (prefill, first token) runs before the headers go out, so that a failure there
    // is answered with its own status, not 200 and an error event.
    let next = await generator.next();
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

  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: 60_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      req.socket.setTimeout(0); // a request came: the wait for one is over (see "connection" below)
      const start = performance.now();
      route(req, res)
        .catch((err: unknown): Outcome => {
          const e = asHttpError(err);
          if (e.status >= 500) {
            const cause = e.cause ?? err;
            log(`error: ${(cause as Error)?.stack ?? String(cause)}`);
          }
          if (res.headersSent) {
            // Mid-stream: all we can do is say so in the stream and end it as every stream ends.
            if (!res.writableEnded) res.end(`data: ${JSON.stringify(e.toJSON())}\n\ndata: [DONE]\n\n`);
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
    },
  );
  server.maxConnections = options.maxConnections ?? 256;
  // A socket that sends nothing at all is not covered by headersTimeout: close it as well.
  const silentMs = options.headersTimeoutMs ?? 10_000;
  server.on("connection", (socket) => socket.setTimeout(silentMs, () => socket.destroy()));
  server.maxHeadersCount = 100;
  return server;
}

/**
 * Any error → its HTTP form. A TongguanError raised by a request's own data (a bad template
 * message, …) is the client's 400; running out of tensor memory is the server's 503; anything else
 * is a 500 whose text stays in the server's log.
 */
function asHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof TongguanError) return new HttpError(400, err.message);
  return serverError(err);
}

function serverError(err: unknown): HttpError {
  const e = new HttpError(
    /out of tensor memory/.test((err as Error)?.message ?? "") ? 503 : 500,
    "the server failed on this request (its log has the details); try again",
    "server_error",
  );
  e.cause = err;
  return e;
}

/** Compares secrets in constant time (no early exit that would time the matching prefix). */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
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
