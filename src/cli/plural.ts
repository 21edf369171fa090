/** "1 token", "2 tokens": a count and its noun, singular for one. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}
