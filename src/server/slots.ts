/**
 * At most `parallel` requests generate at once; up to `queueSize` more wait their turn in order.
 * Past that a request is refused at once (the server answers 429) rather than left hanging.
 */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly parallel: number,
    readonly queueSize: number,
  ) {}

  get active(): number {
    return this.running;
  }
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a free slot; returns a release function (call it exactly once), or null when the
   * queue is full. If `signal` aborts while waiting, the request leaves the queue and gets null.
   */
  async acquire(signal?: AbortSignal): Promise<(() => void) | null> {
    if (this.running < this.parallel) {
      this.running++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queueSize) return null;
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        this.running++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(null);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(wake);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) next();
    };
  }
}
