/** Optimizers (AdamW, SGD with momentum), global gradient-norm clipping, the warm-up + cosine schedule. */
export { AdamW, type AdamWOptions } from "./adamw.ts";
export { clipGradNorm, gradNorm } from "./clip.ts";
export { warmupCosine } from "./schedule.ts";
export { SGD } from "./sgd.ts";
