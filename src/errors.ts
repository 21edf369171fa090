/**
 * An error caused by the user's input (a file, a field, an argument), not by a bug.
 * The CLI prints its message alone, without a stack trace, and exits with code 1.
 * The message must name what is wrong and where: the file, the field or the argument.
 */
export class TongguanError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TongguanError";
  }
}

/** Shorthand for errors about a file: `fileError(path, "truncated: header says 120 bytes, file has 80")`. */
export function fileError(path: string, problem: string): TongguanError {
  return new TongguanError(`${path}: ${problem}`);
}
