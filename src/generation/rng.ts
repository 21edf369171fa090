/**
 * Seedable pseudo-random number generators for sampling.
 *
 * Sampling needs one uniform "coin" in [0, 1) per token. A seeded generator makes a sampled run
 * repeatable: the same model, prompt, settings and seed give the same text, token for token.
 *
 * Two generators, both documented elsewhere so their streams can be checked against other programs:
 * - `XorShift64Star`: Marsaglia's xorshift with Vigna's `*` output multiplier, exactly as llama2.c's
 *   `run.c` (`random_u32`, `random_f32`) uses it. With it, sampled runs equal `run.c`'s.
 * - `Pcg32`: O'Neill's PCG32 (XSH-RR, pcg-random.org, `pcg32_srandom_r(seed, 54)`), tongguan's default.
 *
 * 64-bit integer arithmetic is done with BigInt: one coin per token, so speed does not matter here.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform float in [0, 1). */
  nextFloat(): number;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * llama2.c's generator. One step (`run.c`, `random_u32`):
 *
 *     s ^= s >> 12; s ^= s << 25; s ^= s >> 27;        // on a uint64 state
 *     u32 = (s * 0x2545F4914F6CDD1D) >> 32;             // top half of the 64-bit product
 *
 * and `random_f32` = (u32 >> 8) / 16777216: the top 24 bits as a float32 in [0, 1), exact.
 * A zero state would stay zero forever (the coin would always be 0), so seed 0 is rejected;
 * `run.c` itself replaces seeds ≤ 0 by the current time.
 */
export class XorShift64Star implements Rng {
  private state: bigint;

  constructor(seed: number | bigint) {
    const s = BigInt.asUintN(64, BigInt(seed));
    if (s === 0n) throw new TongguanError(t("generation.rng.seedTheLlamaC"));
    this.state = s;
  }

  nextU32(): number {
    let s = this.state;
    s ^= s >> 12n;
    s ^= (s << 25n) & MASK64;
    s ^= s >> 27n;
    this.state = s;
    return Number(((s * 0x2545f4914f6cdd1dn) & MASK64) >> 32n);
  }

  /** `random_f32`: 24 random bits scaled to [0, 1); the result is exactly a float32. */
  nextFloat(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }
}

const PCG_MULTIPLIER = 6364136223846793005n;

/**
 * PCG32 (XSH-RR output on a 64-bit LCG state), seeded like the reference `pcg32_srandom_r(seed, seq)`.
 * The reference demo seeded with (42, 54) prints 0xa15c02b7 0x7b47f409 0xba1d3330 … first.
 */
export class Pcg32 implements Rng {
  private state = 0n;
  private readonly inc: bigint;

  constructor(seed: number | bigint, sequence: number | bigint = 54) {
    this.inc = BigInt.asUintN(64, (BigInt(sequence) << 1n) | 1n);
    this.nextU32();
    this.state = BigInt.asUintN(64, this.state + BigInt.asUintN(64, BigInt(seed)));
    this.nextU32();
  }

  nextU32(): number {
    const old = this.state;
    this.state = (old * PCG_MULTIPLIER + this.inc) & MASK64;
    const xorShifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorShifted >>> rot) | (xorShifted << (-rot & 31))) >>> 0;
  }

  /** 53 random bits (27 + 26 from two outputs) scaled to [0, 1): every double in [0,1) of that grid is possible. */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}
