// AssemblyScript: SiLU·up (SwiGLU) and the tanh-GELU as 128-bit SIMD, on the shared tensor memory.
// Build: npm run build:wasm:nn. Loaded by src/nn/activations.ts, whose TypeScript fallback is
// src/tensor's reference ops. All pointers are byte addresses of f32 arrays.

import { exp4 } from "./exp4.as";

/** x · σ(z) = x / (1 + e⁻ᶻ). */
function timesSigmoid(x: v128, z: v128): v128 {
  return f32x4.div(x, f32x4.add(f32x4.splat(1), exp4(f32x4.neg(z))));
}

/** gate[i] ← silu(gate[i]) · up[i] for i < n (SwiGLU's middle). */
export function siluMul(gate: usize, up: usize, n: i32): void {
  const end = gate + ((<usize>n) << 2);
  let g = gate;
  let u = up;
  for (; g + 16 <= end; g += 16, u += 16) {
    const x = v128.load(g);
    v128.store(g, f32x4.mul(timesSigmoid(x, x), v128.load(u)));
  }
  for (; g < end; g += 4, u += 4) {
    const x = f32x4.splat(load<f32>(g));
    store<f32>(g, f32x4.extract_lane(f32x4.mul(timesSigmoid(x, x), f32x4.splat(load<f32>(u))), 0));
  }
}

/** x[i] ← silu(x[i]) = x / (1 + e⁻ˣ) for i < n. */
export function silu(x: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  let p = x;
  for (; p + 16 <= end; p += 16) {
    const v = v128.load(p);
    v128.store(p, timesSigmoid(v, v));
  }
  for (; p < end; p += 4) {
    const v = f32x4.splat(load<f32>(p));
    store<f32>(p, f32x4.extract_lane(timesSigmoid(v, v), 0));
  }
}

/**
 * x[i] ← ½x(1 + tanh(√(2/π)(x + 0.044715x³))) for i < n, computed as x · σ(2√(2/π)(x + 0.044715x³))
 * (the same function: 1 + tanh(u) = 2σ(2u)), which needs one exponential and no tanh.
 */
export function geluTanh(x: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  const c = f32x4.splat(1.5957691216057308); // 2·√(2/π)
  const a = f32x4.splat(0.044715);
  let p = x;
  for (; p + 16 <= end; p += 16) {
    const v = v128.load(p);
    const z = f32x4.mul(c, f32x4.add(v, f32x4.mul(a, f32x4.mul(v, f32x4.mul(v, v)))));
    v128.store(p, timesSigmoid(v, z));
  }
  for (; p < end; p += 4) {
    const v = f32x4.splat(load<f32>(p));
    const z = f32x4.mul(c, f32x4.add(v, f32x4.mul(a, f32x4.mul(v, f32x4.mul(v, v)))));
    store<f32>(p, f32x4.extract_lane(timesSigmoid(v, z), 0));
  }
}
