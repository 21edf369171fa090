/**
 * Chat with a model on a laptop CPU: a conversation is one text the model continues.
 *
 * Each turn, the messages so far go through the model's chat template into one string, the model
 * writes the assistant's reply token by token, and the reply joins the history. The KV cache is
 * kept between turns, so the second turn prefills only what is new.
 *
 * The model is tongguan's shipped one (1M parameters, trained on the King James Bible: it answers in
 * its own style, not usefully). The same code runs Qwen2-0.5B-Instruct, Llama 3 or ChatGLM3:
 * `loadModel("Qwen/Qwen2-0.5B-Instruct")` (see README: running a real model).
 * Run: npm run example -- chat
 */
import { ChatSession, DecoderLM, loadModel, loadTokenizer } from "tongguan";
import { DEFAULT_MODEL, isMain } from "./lib/common.ts";

export const SAMPLING = { temperature: 0.8, topP: 0.9, seed: 7 };

export async function main(print: (line: string) => void = console.log) {
  const model = await loadModel(DEFAULT_MODEL);
  if (!(model instanceof DecoderLM)) throw new Error("chat needs a decoder (GPT-style) model");
  const tokenizer = await loadTokenizer(DEFAULT_MODEL);
  // Sampling with a seed: the same replies every run (turn k samples with seed + k).
  const chat = new ChatSession(model, tokenizer, { maxNewTokens: 12, sampling: SAMPLING });
  const turns: {
    user: string;
    reply: string;
    promptTokens: number[];
    prefilled: number;
    generated: number[];
  }[] = [];
  for (const user of ["In the beginning", "And the earth"]) {
    const stream = chat.reply(user);
    let reply = "";
    for await (const chunk of stream) reply += chunk.text; // chunks arrive as they are decoded
    const result = await stream.result;
    print(`user:      ${user}`);
    print(`assistant: ${reply.trim()}`);
    const prefilled = result.timings.prefillTokens;
    const n = result.promptTokens.length;
    print(
      `           (${n} prompt tokens: ${n - prefilled} reused from the KV cache, ${prefilled} prefilled; ` +
        `${result.generatedTokens.length} new tokens)`,
    );
    turns.push({
      user,
      reply,
      promptTokens: result.promptTokens,
      prefilled,
      generated: result.generatedTokens,
    });
  }
  print(`the history the template renders: ${JSON.stringify(chat.messages.map((m) => m.role))}`);
  return { turns, messages: chat.messages, model, tokenizer };
}

if (isMain(import.meta.url)) await main();
