/** Reference solution of exercises/rope.ts. */
export function rope(x: Float32Array, pos: number, base = 10000): Float32Array {
  const d = x.length;
  const out = new Float32Array(d);
  for (let i = 0; i < d / 2; i++) {
    const angle = pos * base ** (-(2 * i) / d);
    const [a, b] = [x[2 * i], x[2 * i + 1]];
    out[2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
    out[2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
  }
  return out;
}
