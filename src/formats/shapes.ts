/**
 * What a loader checks a file's tensors against: a shape per Hugging Face name. The models declare
 * them (src/models/architectures.ts); formats only compares.
 */

export interface ExpectedTensor {
  /** -1 stands for "any size" (e.g. the number of classifier labels). */
  shape: number[];
  /** May be absent (e.g. BERT's pooler). */
  optional?: boolean;
}

/** Does `shape` match `want` (where -1 matches any size)? */
export function shapeMatches(shape: number[], want: number[]): boolean {
  return shape.length === want.length && shape.every((d, i) => want[i] === -1 || d === want[i]);
}
