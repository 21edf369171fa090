/**
 * Learning rate: linear warm-up, then cosine decay to `minLr` (GPT-3, nanoGPT's get_lr).
 *
 *   step < warmup:        lr · (step + 1) / warmup
 *   warmup ≤ step < total: minLr + ½(1 + cos(π·progress))·(lr − minLr),  progress = (step − warmup)/(total − warmup)
 *   after total:          minLr
 *
 *   lr 1e-3, warmup 10, total 100: step 0 → 1e-4, step 9 → 1e-3, step 55 → 5.5e-4 (with minLr 1e-4), step 100 → 1e-4
 */
export function warmupCosine(
  step: number,
  { lr, warmup, total, minLr = lr / 10 }: { lr: number; warmup: number; total: number; minLr?: number },
): number {
  if (step < warmup) return (lr * (step + 1)) / warmup;
  if (step >= total) return minLr;
  const progress = (step - warmup) / Math.max(1, total - warmup);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (lr - minLr);
}
