// AssemblyScript: SiLU·up (SwiGLU) and the tanh-GELU as 128-bit SIMD, on the shared tensor memory.
// Build: npm run build:wasm. Called through src/tensor/wasm/row-ops-simd.ts (fast-ops.ts picks it
// or the reference ops). All pointers are byte addresses of f32 arrays.

import { exp4 } from "./exp4";

/** x · σ(z) = x / (1 + e⁻ᶻ). */
function timesSigmoid(x: v128, z: v128): v128 {
  return f32x4.div(x, f32x4.add(f32x4.splat(1), exp4(f32x4.neg(z))));
}

/** gate[i] ← silu(gate[i]) · up[i] for i < n (SwiGLU's middle). */
export function siluMul(gate: usize, up: usize, n: i32): void {
  siluMulTo(gate, gate, up, n);
}

/** out[i] ← silu(gate[i]) · up[i] for i < n; out may be gate. */
function siluMulTo(out: usize, gate: usize, up: usize, n: i32): void {
  const end = gate + ((<usize>n) << 2);
  let g = gate;
  let u = up;
  let o = out;
  for (; g + 16 <= end; g += 16, u += 16, o += 16) {
    const x = v128.load(g);
    v128.store(o, f32x4.mul(timesSigmoid(x, x), v128.load(u)));
  }
  for (; g < end; g += 4, u += 4, o += 4) {
    const x = f32x4.splat(load<f32>(g));
    store<f32>(o, f32x4.extract_lane(f32x4.mul(timesSigmoid(x, x), f32x4.splat(load<f32>(u))), 0));
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

// ---------------------------------------------------------------- as jobs of the worker pool
// src/tensor/pool.ts runs these over rows r0..r1 (of `cols` values each) in every thread, with its
// kernels' argument order (a0, a1, a2, a3, a4, rows, r0, r1, …).

/** out (rows, hidden) ← silu(gate) · up from rows [gate | up] (rows, 2·hidden): the fused gate/up matmul's output. */
export function swiGluJob(
  out: usize,
  gateUp: usize,
  hidden: i32,
  _a3: i32,
  _a4: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
): void {
  const h = (<usize>hidden) << 2;
  for (let r = r0; r < r1; r++) {
    const gu = gateUp + <usize>r * 2 * h;
    siluMulTo(out + <usize>r * h, gu, gu + h, hidden);
  }
}

export function siluJob(
  x: usize,
  _a1: i32,
  cols: i32,
  _a3: i32,
  _a4: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
): void {
  silu(x + ((<usize>r0 * <usize>cols) << 2), (r1 - r0) * cols);
}

export function geluTanhJob(
  x: usize,
  _a1: i32,
  cols: i32,
  _a3: i32,
  _a4: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
): void {
  geluTanh(x + ((<usize>r0 * <usize>cols) << 2), (r1 - r0) * cols);
}
