/**
 * One optimizer step of next-token training:
 *   loss = mean cross-entropy(model(inputs), targets)
 *   backward → clip the global gradient norm → optimizer update
 */
import { backward, zeroGrad } from "./autograd/index.ts";
import type { Batch } from "./batches.ts";
import type { LanguageModel } from "./models/index.ts";
import { clipGradNorm } from "./optim/index.ts";

export interface Optimizer {
  lr: number;
  update(): void;
}

export interface StepResult {
  /** The loss before the update. */
  loss: number;
  /** The global gradient norm before clipping. */
  gradNorm: number;
}

/** Forward + backward only: the parameters' `grad` hold ∂loss/∂parameter afterwards. */
export function computeGradients(model: LanguageModel, b: Batch): number {
  zeroGrad(model.params.values());
  const loss = model.loss(b.inputs, b.targets, b.batch, b.steps);
  backward(loss);
  return loss.item();
}

export function trainStep(
  model: LanguageModel,
  optimizer: Optimizer,
  b: Batch,
  gradClip: number,
): StepResult {
  const loss = computeGradients(model, b);
  const gradNorm = clipGradNorm(
    [...model.params.values()],
    gradClip > 0 ? gradClip : Number.POSITIVE_INFINITY,
  );
  if (Number.isFinite(loss) && Number.isFinite(gradNorm)) optimizer.update();
  return { loss, gradNorm };
}
