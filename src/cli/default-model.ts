/**
 * The model tongguan ships (assets/default-model: a 1.06M-parameter GPT-2 trained from scratch on
 * the King James Bible by `npm run train:default`, see docs/default-model.md). `run`, `chat` and
 * `serve` use it when no MODEL is named, so everything works offline from the first minute.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root.ts";

export const DEFAULT_MODEL = join(packageRoot, "assets", "default-model");

/** The model to open: the one named, else the shipped one. */
export function modelOrDefault(model: string | undefined): string {
  return model === undefined || model === "" ? DEFAULT_MODEL : model;
}

/**
 * `run [MODEL] [PROMPT]`: with two words, the first is the model; with one, it is the model when it
 * names a file or folder (or a hub id ORG/NAME), else it is the prompt for the shipped model.
 *
 *   run                        → default model, empty prompt
 *   run "In the beginning"     → default model, that prompt
 *   run models/qwen2 "Hello"   → models/qwen2, "Hello"
 */
export function modelAndPrompt(
  first: string | undefined,
  second: string | undefined,
): { model: string; prompt: string } {
  if (second !== undefined) return { model: modelOrDefault(first), prompt: second };
  if (first === undefined) return { model: DEFAULT_MODEL, prompt: "" };
  if (existsSync(first) || /^[\w.-]+\/[\w.-]+$/.test(first)) return { model: first, prompt: "" };
  return { model: DEFAULT_MODEL, prompt: first };
}
