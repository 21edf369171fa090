/**
 * The contract between the lab's server and its pages' API modules.
 *
 * Each page has one module in routes/ (`routes/tokens.ts`, `routes/attention.ts`, …) exporting
 * `routes: LabRoute[]`; routes/index.ts lists the modules. A route is an exact method and path under
 * `/api/`; its handler gets the loaded lab (`LabContext`) and the request (`LabRequest`), and either
 *
 *   - returns a JSON-able value: sent as 200 `application/json`, or
 *   - writes the response itself through `req.response` (a stream: Server-Sent Events, NDJSON) and
 *     returns undefined; the server then sends nothing more.
 *
 * Bad input is thrown as `badField("text", "must be a string")` (400 naming the field) or an
 * `HttpError(status, message)`; a `TongguanError` from the engine (a word not in the vocabulary, a
 * text longer than the context) becomes a 400 with its message. Every error reaches the page as
 * `{ "error": { "message": "one line" } }`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyedVectors } from "../embeddings/keyed-vectors.ts";
import type { Model } from "../models/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import type { TokenizerShelf } from "./tokenizer-shelf.ts";

export interface LabContext {
  /** The loaded model: a causal LM (GPT-2, Llama, Qwen2, ChatGLM) or a BERT encoder. */
  model: Model;
  /** The model's own tokenizer. */
  tokenizer: Tokenizer;
  /** The name the pages show (the model's folder or file name). */
  modelName: string;
  /** Where the model was read from. */
  modelPath: string;
  /** The tokenizers the Tokens page offers, loaded on first use. */
  tokenizers: TokenizerShelf;
  /** The shipped word vectors (GloVe 6B 100d, 30k words), read on first use. */
  vectors(): KeyedVectors;
  /** How the lab was started. */
  options: { host: string; port: number };
}

export interface LabRequest {
  /** The parsed JSON body of a POST (undefined for a GET). */
  body: unknown;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** The raw request (its `close` event tells a stream that the page went away). */
  http: IncomingMessage;
  /** The raw response, for a handler that streams; leave it alone to return JSON. */
  response: ServerResponse;
}

export interface LabRoute {
  method: "GET" | "POST";
  /** The exact path, starting with /api/ ("/api/tokens"). */
  path: string;
  handler(ctx: LabContext, req: LabRequest): unknown;
}
