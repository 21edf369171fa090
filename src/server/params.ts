/**
 * Request bodies of /v1/chat/completions and /v1/completions → the sampling parameters tongguan
 * runs with. Every field is checked; a bad one gets a 400 naming it. Fields we do not support are
 * refused, never silently ignored (an ignored `tools` or `n: 3` would mislead the caller).
 */
import { badField, HttpError } from "./http-error.ts";

export interface SamplingParams {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  repetitionPenalty?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  stop: string[];
  /** How many alternatives to report per generated token; undefined: no logprobs at all. */
  topLogprobs?: number;
}

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequest extends SamplingParams {
  kind: "chat";
  model?: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
}

export interface CompletionRequest extends SamplingParams {
  kind: "completion";
  model?: string;
  /** Text, or token ids. */
  prompt: string | number[];
  stream: boolean;
  includeUsage: boolean;
}

/** Fields clients send that change nothing here. */
const HARMLESS = new Set(["user", "metadata", "store", "service_tier", "parallel_tool_calls"]);

type Body = Record<string, unknown>;

export function parseChatRequest(body: unknown): ChatRequest {
  const b = asObject(body);
  const known = new Set([
    ...COMMON_FIELDS,
    "messages",
    "logprobs",
    "top_logprobs",
    "max_completion_tokens",
    "response_format",
    "tools",
    "tool_choice",
  ]);
  rejectUnknown(b, known);
  if (b.tools !== undefined && !(Array.isArray(b.tools) && b.tools.length === 0)) {
    throw badField("tools", "is not supported by this server");
  }
  if (b.tool_choice !== undefined && b.tool_choice !== "none") {
    throw badField("tool_choice", "is not supported by this server");
  }
  const format = b.response_format as Body | undefined;
  if (format !== undefined && !(isObject(format) && format.type === "text")) {
    throw badField("response_format", "only {type: 'text'} is supported");
  }
  const messages = parseMessages(b.messages);
  const logprobs = optBoolean(b, "logprobs") ?? false;
  const top = optInteger(b, "top_logprobs", 0, 20);
  if (top !== undefined && !logprobs) throw badField("top_logprobs", "needs 'logprobs': true");
  const maxTokens =
    optInteger(b, "max_completion_tokens", 1, 1 << 20) ?? optInteger(b, "max_tokens", 1, 1 << 20);
  return {
    kind: "chat",
    ...parseCommon(b),
    maxTokens,
    messages,
    topLogprobs: logprobs ? (top ?? 0) : undefined,
  };
}

export function parseCompletionRequest(body: unknown): CompletionRequest {
  const b = asObject(body);
  rejectUnknown(b, new Set([...COMMON_FIELDS, "prompt", "logprobs", "echo", "suffix", "best_of"]));
  if (b.echo === true) throw badField("echo", "is not supported by this server");
  if (b.suffix !== undefined && b.suffix !== null && b.suffix !== "") {
    throw badField("suffix", "is not supported by this server");
  }
  if (b.best_of !== undefined && b.best_of !== 1) throw badField("best_of", "must be 1");
  const logprobs = optInteger(b, "logprobs", 0, 20);
  return {
    kind: "completion",
    ...parseCommon(b),
    maxTokens: optInteger(b, "max_tokens", 1, 1 << 20),
    prompt: parsePrompt(b.prompt),
    topLogprobs: logprobs,
  };
}

const COMMON_FIELDS = [
  "model",
  "stream",
  "stream_options",
  "temperature",
  "top_p",
  "max_tokens",
  "stop",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "n",
  "top_k",
  "min_p",
  "repetition_penalty",
  "logit_bias",
];

function parseCommon(b: Body) {
  if (b.model !== undefined && typeof b.model !== "string") throw badField("model", "must be a string");
  const n = optInteger(b, "n", 1, 128);
  if (n !== undefined && n !== 1) throw badField("n", "must be 1: this server returns one choice");
  if (b.logit_bias !== undefined && b.logit_bias !== null) {
    if (!isObject(b.logit_bias) || Object.keys(b.logit_bias).length > 0) {
      throw badField("logit_bias", "is not supported by this server");
    }
  }
  const stream = optBoolean(b, "stream") ?? false;
  let includeUsage = false;
  if (b.stream_options !== undefined && b.stream_options !== null) {
    if (!isObject(b.stream_options)) throw badField("stream_options", "must be an object");
    includeUsage = b.stream_options.include_usage === true;
  }
  return {
    model: b.model as string | undefined,
    stream,
    includeUsage,
    temperature: optNumber(b, "temperature", 0, 2),
    topP: optNumber(b, "top_p", 0, 1, true),
    topK: optInteger(b, "top_k", 0, 1 << 30),
    minP: optNumber(b, "min_p", 0, 1),
    repetitionPenalty: optNumber(b, "repetition_penalty", 0, 10, true),
    presencePenalty: optNumber(b, "presence_penalty", -2, 2),
    frequencyPenalty: optNumber(b, "frequency_penalty", -2, 2),
    seed: optInteger(b, "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    stop: parseStop(b.stop),
  };
}

function parseMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v) || v.length === 0) throw badField("messages", "must be a non-empty array");
  return v.map((m, i) => {
    if (!isObject(m)) throw badField(`messages[${i}]`, "must be an object");
    if (typeof m.role !== "string" || !["system", "developer", "user", "assistant"].includes(m.role)) {
      throw badField(`messages[${i}].role`, "must be one of system, developer, user, assistant");
    }
    const role = m.role === "developer" ? "system" : m.role;
    if (typeof m.content === "string") return { role, content: m.content };
    if (Array.isArray(m.content)) {
      const parts = m.content.map((p, j) => {
        if (!isObject(p) || p.type !== "text" || typeof p.text !== "string") {
          throw badField(`messages[${i}].content[${j}]`, "must be a text part {type: 'text', text}");
        }
        return p.text;
      });
      return { role, content: parts.join("") };
    }
    throw badField(`messages[${i}].content`, "must be a string or an array of text parts");
  });
}

function parsePrompt(v: unknown): string | number[] {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && x >= 0)) return v as number[];
  if (Array.isArray(v) && v.length > 1 && v.every((x) => typeof x === "string")) {
    throw badField("prompt", "several prompts in one request are not supported; send one string");
  }
  throw badField("prompt", "must be a string or an array of token ids");
}

function parseStop(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v === "" ? [] : [v];
  if (Array.isArray(v) && v.length <= 16 && v.every((s) => typeof s === "string" && s !== "")) {
    return v as string[];
  }
  throw badField("stop", "must be a non-empty string or an array of at most 16 non-empty strings");
}

function asObject(body: unknown): Body {
  if (!isObject(body)) throw new HttpError(400, "the request body must be a JSON object");
  return body;
}

function isObject(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function rejectUnknown(b: Body, known: Set<string>): void {
  for (const key of Object.keys(b)) {
    if (!known.has(key) && !HARMLESS.has(key)) throw badField(key, "is not a supported parameter");
  }
}

function optNumber(b: Body, key: string, min: number, max: number, exclusiveMin = false): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw badField(key, "must be a number");
  if (v < min || v > max || (exclusiveMin && v === min)) {
    throw badField(key, `must be in ${exclusiveMin ? "(" : "["}${min}, ${max}]`);
  }
  return v;
}

function optInteger(b: Body, key: string, min: number, max: number): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw badField(key, "must be an integer");
  if (v < min || v > max) throw badField(key, `must be in [${min}, ${max}]`);
  return v;
}

function optBoolean(b: Body, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badField(key, "must be true or false");
  return v;
}
