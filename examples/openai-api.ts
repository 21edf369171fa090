/**
 * Calling a model through an API: the OpenAI-compatible server, started in this process on a
 * loopback port, called with plain fetch — what the official `openai` client, LangChain or any
 * chat UI send (`tongguan serve MODEL` starts the same server from the terminal).
 *
 *   POST /v1/chat/completions  {"model": …, "messages": [{"role": "user", "content": …}], "max_tokens": n}
 *   → {"choices": [{"message": {"role": "assistant", "content": …}}], "usage": {…}}
 *
 * The model is tongguan's shipped one; the reply is its greedy continuation (temperature 0).
 * Run: npm run example -- openai-api
 */
import type { AddressInfo } from "node:net";
import { createApiServer, createEngine, DecoderLM, loadModel, loadTokenizer } from "tongguan";
import { DEFAULT_MODEL, isMain } from "./lib/common.ts";

interface ChatCompletion {
  model: string;
  choices: { message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export async function main(print: (line: string) => void = console.log) {
  const model = await loadModel(DEFAULT_MODEL);
  if (!(model instanceof DecoderLM)) throw new Error("the chat API needs a decoder (GPT-style) model");
  const tokenizer = await loadTokenizer(DEFAULT_MODEL);
  const engine = createEngine({ modelId: "tongguan-default", model, tokenizer });
  const server = createApiServer({ engine, log: () => {} });
  // Port 0: the system picks a free one; 127.0.0.1: reachable from this machine only.
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const models = (await (await fetch(`${base}/v1/models`)).json()) as { data: { id: string }[] };
    print(`GET  ${base}/v1/models → ${models.data.map((m) => m.id).join(", ")}`);
    const request = {
      model: "tongguan-default",
      messages: [{ role: "user", content: "In the beginning" }],
      max_tokens: 12,
      temperature: 0,
    };
    print(`POST ${base}/v1/chat/completions`);
    print(`     ${JSON.stringify(request)}`);
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as ChatCompletion;
    const choice = body.choices[0];
    print(`→ ${response.status}  ${choice.message.role}: ${JSON.stringify(choice.message.content)}`);
    print(
      `  finish_reason ${choice.finish_reason}; usage: ${body.usage.prompt_tokens} prompt + ` +
        `${body.usage.completion_tokens} completion = ${body.usage.total_tokens} tokens`,
    );
    return { status: response.status, body, request, models, model, tokenizer };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (isMain(import.meta.url)) await main();
