/**
 * The shipped GPT-2 (assets/default-model), loaded once, and one forward pass over a prompt with
 * every named tensor captured: what the FFN, residual and output-head examples read.
 */
import { type Capture, captureTensors, DecoderLM, loadModel, loadTokenizer, type Tokenizer } from "tongguan";
import { DEFAULT_MODEL } from "./common.ts";

export async function loadDefault(): Promise<{ model: DecoderLM; tokenizer: Tokenizer }> {
  const model = await loadModel(DEFAULT_MODEL);
  if (!(model instanceof DecoderLM)) throw new Error("the shipped model is a decoder");
  return { model, tokenizer: await loadTokenizer(DEFAULT_MODEL) };
}

/** The prompt's ids and every tensor of one forward pass over them. */
export async function captureDefault(prompt: string) {
  const { model, tokenizer } = await loadDefault();
  const ids = tokenizer.encode(prompt).ids;
  const capture: Capture = captureTensors(model, ids);
  /** A captured tensor by name and layer (-1: outside the layers). */
  const get = (name: string, layer = -1) => {
    const t = capture.tensors.get(`${name}@${layer}`);
    if (!t) throw new Error(`no tensor ${name} at layer ${layer}`);
    return t;
  };
  return { model, tokenizer, ids, capture, get };
}
