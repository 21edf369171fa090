/**
 * Exercise: rotary position embedding, RoPE (Su et al. 2021), on one head's vector.
 *
 * Cut x (length d, even) into pairs (x[2i], x[2i+1]) — the "interleaved" layout of Meta's Llama and
 * llama2.c — and rotate pair i by the angle pos·θᵢ, θᵢ = base^(−2i/d):
 *
 *   (a, b) → (a·cos − b·sin, a·sin + b·cos)
 *
 * Worked example (d = 2, pos = 1): θ₀ = 1, so (1, 0) → (cos 1, sin 1) ≈ (0.540, 0.841).
 * Return a new array; leave x as it is. Fill in the function, then: npm run exercise -- rope
 */
export function rope(x: Float32Array, pos: number, base = 10000): Float32Array {
  throw new Error("not implemented");
}
