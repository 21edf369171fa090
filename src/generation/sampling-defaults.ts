/**
 * The sampling a conversation starts from: what the model's authors chose in its
 * `generation_config.json` (Qwen2-Instruct: temperature 0.7, top-p 0.8, top-k 20, repetition
 * penalty 1.05), else a stated default — temperature 0.7 and top-p 0.9, which keep a small model's
 * replies readable where plain sampling (temperature 1) wanders and greedy decoding repeats itself.
 * Flags given on the command line win over both.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { SamplingOptions } from "./generation-options.ts";

export const STATED_SAMPLING: SamplingOptions = { temperature: 0.7, topP: 0.9 };

export interface SamplingDefaults {
  sampling: SamplingOptions;
  /** Where they came from, for the stats line: "generation_config.json" or "default". */
  source: "generation_config.json" | "default";
}

/** The defaults for a model folder (its generation_config.json) or any other model file (the stated ones). */
export function samplingDefaults(modelPath: string): SamplingDefaults {
  const file = join(modelPath, "generation_config.json");
  if (!existsSync(modelPath) || !statSync(modelPath).isDirectory() || !existsSync(file))
    return { sampling: { ...STATED_SAMPLING }, source: "default" };
  let g: Record<string, unknown>;
  try {
    g = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw fileError(file, t("generation.samplingDefaults.notValidJson", { message: (e as Error).message }));
  }
  const num = (k: string) => (typeof g[k] === "number" ? (g[k] as number) : undefined);
  // GPT-2's file only names its special tokens: no sampling advice in it
  if (!["do_sample", "temperature", "top_p", "top_k"].some((k) => k in g))
    return { sampling: { ...STATED_SAMPLING }, source: "default" };
  if (g.do_sample === false) return { sampling: { temperature: 0 }, source: "generation_config.json" };
  const sampling: SamplingOptions = {
    temperature: num("temperature") ?? 1,
    topP: num("top_p"),
    topK: num("top_k"),
    repetitionPenalty: num("repetition_penalty"),
  };
  return { sampling, source: "generation_config.json" };
}

/** "temp 0.7 · top-p 0.9" — the sampling in effect, for the stats line. */
export function describeSampling(s: SamplingOptions): string {
  if (s.temperature === 0) return t("generation.samplingDefaults.greedy");
  const parts = [t("generation.samplingDefaults.temperature", { temperature: s.temperature ?? 1 })];
  if (s.topP !== undefined && s.topP < 1) parts.push(`top-p ${s.topP}`);
  if (s.topK) parts.push(`top-k ${s.topK}`);
  if (s.minP) parts.push(`min-p ${s.minP}`);
  if (s.repetitionPenalty !== undefined && s.repetitionPenalty !== 1)
    parts.push(t("generation.samplingDefaults.repetition", { penalty: s.repetitionPenalty }));
  return parts.join(" · ");
}
