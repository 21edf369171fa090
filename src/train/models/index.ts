/**
 * A trainable language model: its config, its parameters (Hugging Face names) and the graph that
 * turns a batch of ids into logits — GPT-2 or Llama/Qwen2, the same checkpoints `run` loads.
 */
import type { ModelConfig } from "../../formats/config.ts";
import { crossEntropy, type Var } from "../autograd/index.ts";
import { gpt2Logits } from "./gpt2.ts";
import { llamaLogits } from "./llama.ts";
import { checkTrainable } from "./parameters.ts";

export {
  checkTrainable,
  initParameters,
  type ParamSpec,
  parameterSpecs,
  parametersFromFile,
  toFileLayout,
} from "./parameters.ts";

export class LanguageModel {
  readonly config: ModelConfig;
  readonly params: Map<string, Var>;

  constructor(config: ModelConfig, params: Map<string, Var>) {
    checkTrainable(config);
    this.config = config;
    this.params = params;
  }

  /** Logits (B, T, V) for ids (B·T, row-major). */
  logits(ids: Int32Array, batch: number, steps: number): Var {
    if (ids.length !== batch * steps) throw new RangeError(`logits: ${ids.length} ids for ${batch}×${steps}`);
    if (steps > this.config.contextLength && this.config.positions === "learned")
      throw new RangeError(`logits: ${steps} positions, the model has ${this.config.contextLength}`);
    return this.config.architecture === "gpt2"
      ? gpt2Logits(this.config, this.params, ids, batch, steps)
      : llamaLogits(this.config, this.params, ids, batch, steps);
  }

  /** Mean cross-entropy of next-token prediction: the training loss. */
  loss(inputs: Int32Array, targets: Int32Array, batch: number, steps: number): Var {
    return crossEntropy(this.logits(inputs, batch, steps), targets);
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    let n = 0;
    for (const p of this.params.values()) n += p.size;
    return n;
  }
}
