/**
 * Stop strings: generation ends when the text contains one of them, and the text returned stops just
 * before it. While streaming, text that could still become the start of a stop string is held back:
 * with stop string "\nUser:", the text "Hi!\nUs" releases "Hi!" and holds "\nUs" until the next
 * piece shows whether it continues as "\nUser:" (stop, drop it) or not (release it).
 */
export class StopStringMatcher {
  private held = "";

  constructor(private readonly stops: readonly string[]) {}

  /** Adds new text; returns what can be released and whether a stop string was found. */
  push(text: string): { text: string; stopped: boolean } {
    this.held += text;
    let first = -1;
    for (const stop of this.stops) {
      const at = this.held.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    if (first >= 0) {
      const out = this.held.slice(0, first);
      this.held = "";
      return { text: out, stopped: true };
    }
    const keep = this.longestPartialStop();
    const out = this.held.slice(0, this.held.length - keep);
    this.held = this.held.slice(this.held.length - keep);
    return { text: out, stopped: false };
  }

  /** At the end of generation the held text is ordinary text after all. */
  flush(): string {
    const out = this.held;
    this.held = "";
    return out;
  }

  /** Length of the longest end of the held text that is a proper beginning of some stop string. */
  private longestPartialStop(): number {
    let best = 0;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, this.held.length); k > best; k--) {
        if (this.held.endsWith(stop.slice(0, k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}
