// AssemblyScript: eˣ on four f32 lanes, shared by activations.ts and attention.ts.

/**
 * eˣ for four lanes (Cephes' expf: eˣ = 2ⁿ · eʳ with n = round(x / ln 2), |r| ≤ ln 2 / 2, eʳ a
 * degree-7 polynomial; ~1 ulp). x is clamped to [−87, 88] so 2ⁿ stays a normal float.
 *
 * Written for V8's x64 code: pmin/pmax are one instruction each where min/max (NaN and ±0 rules) are
 * ~8, and n comes from the "magic number" 1.5·2²³: adding it rounds x/ln 2 to an integer (ties to even,
 * as `nearest`) that is then the float's low mantissa bits, so 2ⁿ's exponent field is an integer add
 * away — no `nearest`, no float → int conversion (~3× faster GELU and softmax than with them).
 */
export function exp4(x: v128): v128 {
  x = f32x4.pmin(f32x4.splat(88), f32x4.pmax(f32x4.splat(-87), x));
  const magic = f32x4.splat(12582912); // 1.5·2²³
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(<f32>Math.LOG2E)), magic);
  const n = f32x4.sub(t, magic); // round(x / ln 2), as a float
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  // t's bits − magic's bits = n; (n + 127) << 23 is 2ⁿ's bit pattern
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(t, magic), i32x4.splat(127)), 23);
  return f32x4.mul(p, pow2n);
}
