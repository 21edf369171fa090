/**
 * `--threads N`: a whole number ≥ 1, at most the cores this machine has. More threads than cores
 * only time-slice each other (1000 threads took 63 s and 7.9 GB for 3 tokens), so a larger number is
 * lowered to the core count with a one-line notice.
 */
import { availableParallelism } from "node:os";
import { InvalidArgumentError } from "commander";

/** commander's parser for `--threads` (or another thread-count flag). */
export function threadsArg(flag = "--threads") {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} needs a whole number ≥ 1, got "${value}"`);
    return capThreads(n, flag);
  };
}

/** `n`, or the core count with a notice on stderr when `n` is larger. */
export function capThreads(n: number, flag = "--threads"): number {
  const cores = availableParallelism();
  if (n <= cores) return n;
  process.stderr.write(`tongguan: ${flag} ${n} is more than the ${cores} cores here; using ${cores}\n`);
  return cores;
}
