/**
 * The Generation page's stream: the same prompt generated twice, greedily, side by side —
 *
 *   cache     prefill runs the prompt once, then every decode step runs ONE token and reads the
 *             keys and values already cached (the cache grows by one position a step);
 *   no cache  every step runs the WHOLE sequence again (`useCache: false`, `run --no-cache`).
 *
 * Greedy decoding makes both pick the same tokens; only the work (tokens run, time) differs. Each
 * step is the engine's own record (recordCache: tokens run, positions cached, bytes, ms) and the
 * text streamGenerate released, sent as server-sent events:
 *
 *   POST /api/generation  { text | ids, maxNewTokens, runs: ["cache", "nocache"] }
 *   data: {"type":"start","run":"cache","promptTokens":6,"contextLength":64}
 *   data: {"type":"step","run":"cache","id":412,"text":" the","step":{"step":0,"ran":6,"cached":6,…}}
 *   data: {"type":"done","run":"cache","stop":"length","generated":[…],"timings":{…}}
 *   data: {"type":"end"}            (or {"type":"error","message":…})
 *
 * The two runs take turns, one token each, so the page shows them growing together. A closed
 * connection (`signal`) stops both at the next token.
 */
import { TongguanError } from "../../errors.ts";
import { type GenerationStream, streamGenerate } from "../../generation/generate.ts";
import { type CacheStep, recordCache } from "../../instruments/index.ts";
import { t } from "../../messages/index.ts";
import type { Model } from "../../models/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import type { LabRoute } from "../lab-route.ts";
import type { GenerationEvent, RunName } from "../page-answers.ts";
import { causalModel } from "./causal-model.ts";
import { asBody, numberField, requestIds } from "./lab-input.ts";
import { takeSlot } from "./one-at-a-time.ts";
import { streamEvents } from "./stream-events.ts";

export const GENERATION_MAX_NEW_TOKENS = 256;

function runsOf(value: unknown): RunName[] {
  if (value === undefined || value === null) return ["cache", "nocache"];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((r) => r !== "cache" && r !== "nocache") ||
    new Set(value).size !== value.length
  )
    throw new TongguanError(t("web.routes.generation.runsExpectedAList"));
  return value as RunName[];
}

/** Checks the request before anything streams, so that bad input gets its own error answer. */
export function parseGenerationRequest(model: Model, tokenizer: Tokenizer, request: unknown) {
  const lm = causalModel(model, "Generation");
  const body = asBody(request);
  const probe = lm.newSession(); // the context a session gets (the memory plan's, or the model's)
  const contextLength = probe.contextLength;
  probe.release();
  const ids = requestIds(
    body,
    tokenizer,
    lm.vocabSize,
    contextLength - 1,
    "fits the model's context with room to generate",
  );
  const maxNewTokens = numberField(body, "maxNewTokens", 32, {
    min: 1,
    max: GENERATION_MAX_NEW_TOKENS,
    integer: true,
  });
  return { lm, ids, maxNewTokens, runs: runsOf(body.runs) };
}

/** Runs the request's generations, sending each event; resolves when all have ended or `signal` aborted. */
export async function streamGenerations(
  model: Model,
  tokenizer: Tokenizer,
  request: unknown,
  send: (event: GenerationEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const { lm, ids, maxNewTokens, runs } = parseGenerationRequest(model, tokenizer, request);
  const live = runs.map((run) => {
    const session = lm.newSession();
    let last: CacheStep | undefined;
    const cache = recordCache({
      contextLength: session.contextLength,
      onStep: (s) => {
        last = s;
      },
    });
    const stream: GenerationStream = streamGenerate(lm, tokenizer, ids, {
      temperature: 0,
      maxNewTokens,
      useCache: run === "cache",
      session,
      observer: cache.observer,
    });
    send({ type: "start", run, promptTokens: ids.length, contextLength: session.contextLength });
    const g = {
      run,
      session,
      stream,
      iterator: stream[Symbol.asyncIterator](),
      done: false,
      sent: undefined as CacheStep | undefined,
    };
    /** The forward pass recorded since the last event, if any (each is sent once). */
    const fresh = () => {
      if (last === g.sent) return undefined;
      g.sent = last;
      return last;
    };
    return Object.assign(g, { fresh });
  });
  try {
    while (live.some((g) => !g.done) && !signal.aborted) {
      for (const g of live) {
        if (g.done || signal.aborted) continue;
        const next = await g.iterator.next();
        if (next.done) {
          g.done = true;
          const r = await g.stream.result;
          // the forward pass whose pick was the stop token released no text
          const step = g.fresh();
          if (step) send({ type: "step", run: g.run, id: null, text: "", step });
          send({
            type: "done",
            run: g.run,
            stop: r.stop,
            generated: r.generatedTokens,
            timings: {
              prefillMs: r.timings.prefillMs,
              decodeMs: r.timings.decodeMs,
              decodeTokens: r.timings.decodeTokens,
              totalMs: r.timings.totalMs,
            },
          });
          continue;
        }
        send({ type: "step", run: g.run, id: next.value.id, text: next.value.text, step: g.fresh() });
      }
    }
  } finally {
    for (const g of live) {
      if (!g.done) await g.iterator.return?.(undefined).catch(() => {});
      g.session.release();
    }
  }
  if (!signal.aborted) send({ type: "end" });
}

export const routes: LabRoute[] = [
  {
    method: "POST",
    path: "/api/generation",
    handler: async (ctx, req) => {
      parseGenerationRequest(ctx.model, ctx.tokenizer, req.body); // bad input: a 400 before the stream starts
      const release = takeSlot(ctx, "a generation");
      try {
        await streamEvents(req, (send, signal) =>
          streamGenerations(ctx.model, ctx.tokenizer, req.body, send, signal),
        );
      } finally {
        release();
      }
    },
  },
];
