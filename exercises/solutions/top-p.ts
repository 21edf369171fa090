/** Reference solution of exercises/top-p.ts. */
export function topP(probs: number[], p: number): number[] {
  const order = probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b); // most likely first
  const out = new Array<number>(probs.length).fill(0);
  let mass = 0;
  for (const i of order) {
    out[i] = probs[i];
    mass += probs[i];
    if (mass >= p) break;
  }
  return out.map((q) => q / mass);
}
