/** The pages that generate need a causal language model; an encoder (BERT) gets a clear answer. */
import { TongguanError } from "../../errors.ts";
import { DecoderLM, type Model } from "../../models/index.ts";

export function causalModel(model: Model, page: string): DecoderLM {
  if (model instanceof DecoderLM) return model;
  throw new TongguanError(
    `the ${page} page needs a model that predicts the next token; ${model.architecture} is an encoder (open a GPT-2, Llama or Qwen2 model)`,
  );
}
