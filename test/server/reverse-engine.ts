/**
 * A test double of the server's Engine whose replies are a function of the prompt (so a mixed-up
 * reply is detectable), and a server on a free loopback port around it.
 */
import type { AddressInfo } from "node:net";
import { createApiServer } from "../../src/server/app.ts";
import type { Engine, GenerationSummary, TokenStep } from "../../src/server/engine.ts";
import type { SamplingParams } from "../../src/server/params.ts";

/** Tokens are characters; the "model" answers with the prompt reversed, one character per step. */
export function reverseEngine(stepDelayMs = 0): Engine & { live: number } {
  const engine = {
    modelId: "reverse",
    contextLength: 64,
    vocabSize: 0x110000,
    maxPromptChars: 1000,
    live: 0,
    tokenize: (text: string) => [...text].map((c) => c.codePointAt(0)!),
    tokenString: (id: number) => String.fromCodePoint(id),
    detokenize: (ids: number[]) => String.fromCodePoint(...ids),
    renderChat: (messages: { role: string; content: string }[]) => messages.map((m) => m.content).join("|"),
    async *generate(
      prompt: number[],
      params: SamplingParams,
      signal: AbortSignal,
    ): AsyncGenerator<TokenStep, GenerationSummary> {
      engine.live++;
      try {
        const answer = [...prompt].reverse();
        const max = params.maxTokens ?? answer.length;
        let n = 0;
        for (const id of answer.slice(0, max)) {
          if (signal.aborted) break;
          await new Promise((r) => setTimeout(r, stepDelayMs));
          n++;
          yield {
            id,
            text: String.fromCodePoint(id),
            token: String.fromCodePoint(id),
            logprob: -0.5,
            top: [{ token: "x", logprob: -1 }],
          };
        }
        return {
          finishReason: n < answer.length ? "length" : "stop",
          promptTokens: prompt.length,
          completionTokens: n,
          tail: "",
        };
      } finally {
        engine.live--;
      }
    },
  };
  return engine;
}

export const JSON_TYPE = { "Content-Type": "application/json" };

export async function listen(options: Parameters<typeof createApiServer>[0]) {
  const server = createApiServer({ log: () => {}, ...options });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}
