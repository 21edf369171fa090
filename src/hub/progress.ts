/**
 * Progress events of a download, in the spirit of transformers.js's `progress_callback`.
 * The library only emits them; the CLI turns them into bars (`progress-bars.ts`).
 *
 *   plan      the files to fetch and their total size, once per pull
 *   initiate  a file is being looked up
 *   download  its bytes start flowing (`resumedFrom` > 0 when a partial file is continued)
 *   progress  `loaded` of `total` bytes of one file
 *   retry     the connection failed; trying again from where it stopped
 *   done      the file is in the cache (`cached`: it already was)
 *   ready     the whole snapshot is there
 *   offline   the network is unreachable or HF_HUB_OFFLINE is set: the cached snapshot is used
 */
export type HubProgressEvent =
  | {
      status: "plan";
      repoId: string;
      commit: string;
      files: { path: string; size?: number }[];
      total: number;
    }
  | { status: "initiate"; repoId: string; file: string }
  | { status: "download"; repoId: string; file: string; total?: number; resumedFrom: number }
  | { status: "progress"; repoId: string; file: string; loaded: number; total?: number }
  | { status: "retry"; repoId: string; file: string; attempt: number; reason: string }
  | { status: "done"; repoId: string; file: string; size: number; cached: boolean }
  | { status: "ready"; repoId: string; commit: string; snapshot: string }
  | { status: "offline"; repoId: string; snapshot: string; reason: string };

export type ProgressCallback = (event: HubProgressEvent) => void;

/** "1.5 GiB": powers of 1024, labelled as such. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

/** 75 → "1m15s"; Infinity or NaN → "?". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Speed over the last few seconds (not since the start, so a stall shows at once) and the time
 * left at that speed: eta = remaining bytes / speed. Only bytes that crossed the network are
 * counted, so a resumed or cached file does not fake a burst of speed.
 *
 *   meter.record(0) at t=0 s, meter.record(5_000_000) at t=2 s  →  speed() = 2.5 MB/s, eta(10_000_000) = 4 s
 */
export class TransferMeter {
  private samples: { t: number; bytes: number }[] = [];
  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `bytes` have been transferred so far (a running count, not a delta). */
  record(bytes: number): void {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && this.samples[1].t <= t - this.windowMs) this.samples.shift();
  }

  /** Bytes per second over the window; 0 until two samples are apart in time. */
  speed(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t <= first.t) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
  }

  /** Seconds to transfer `remaining` more bytes at the current speed (Infinity when stalled). */
  eta(remaining: number): number {
    if (remaining <= 0) return 0;
    const speed = this.speed();
    return speed > 0 ? remaining / speed : Number.POSITIVE_INFINITY;
  }
}
