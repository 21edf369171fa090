/**
 * Shows the hub's progress events: on a terminal, one bar per file being downloaded plus one for
 * the total (bytes, speed, ETA); elsewhere (a log file, CI) a plain line now and then. Always
 * on stderr, so stdout stays clean for the result (`tongguan pull` prints the snapshot folder).
 */
import cliProgress from "cli-progress";
import { padEndWidth } from "../messages/display-width.ts";
import { t } from "../messages/index.ts";
import { formatBytes, formatDuration, type HubProgressEvent, TransferMeter } from "./progress.ts";

export interface ProgressRenderer {
  onProgress: (event: HubProgressEvent) => void;
  /** Removes the bars; call it when the pull ends, also on failure. */
  stop: () => void;
}

interface FileState {
  loaded: number;
  resumedFrom: number;
  total?: number;
  meter: TransferMeter;
  bar?: cliProgress.SingleBar;
}

export function createProgressRenderer(
  stream: NodeJS.WriteStream = process.stderr,
  options: { tty?: boolean; intervalMs?: number } = {},
): ProgressRenderer {
  const tty = options.tty ?? Boolean(stream.isTTY);
  const intervalMs = options.intervalMs ?? 5000;
  const files = new Map<string, FileState>();
  const totalMeter = new TransferMeter();
  let planned = 0;
  const sizedInPlan = new Set<string>();
  let settled = 0; // bytes of files finished or found in the cache
  let lastLine = 0;
  const multi = tty
    ? new cliProgress.MultiBar(
        {
          stream,
          format: t("hub.progress.bar"),
          barsize: 14,
          hideCursor: true,
          clearOnComplete: true,
          autopadding: true,
          fps: 8,
        },
        cliProgress.Presets.shades_grey,
      )
    : undefined;
  let totalBar: cliProgress.SingleBar | undefined;

  const say = (line: string) => (multi ? multi.log(`${line}\n`) : stream.write(`${line}\n`));
  // Bytes that crossed the network, for the total speed: files still going, plus those finished.
  let transferredBefore = 0;
  const transferred = () =>
    transferredBefore + [...files.values()].reduce((sum, f) => sum + f.loaded - f.resumedFrom, 0);
  const retire = (state: FileState) => {
    transferredBefore += state.loaded - state.resumedFrom;
    if (state.bar) multi?.remove(state.bar);
  };
  const loadedNow = () => settled + [...files.values()].reduce((sum, f) => sum + f.loaded, 0);

  // Fit one line of a narrow terminal: the name gets what the other columns leave (≥ 12 characters).
  const nameWidth = Math.min(40, Math.max(12, (stream.columns ?? 100) - 62));
  const tokens = (name: string, loaded: number, total: number | undefined, meter: TransferMeter) => ({
    name: name.length > nameWidth ? `…${name.slice(-(nameWidth - 1))}` : padEndWidth(name, nameWidth),
    percent: total ? `${String(Math.floor((100 * loaded) / total)).padStart(3)}%` : "  ?%",
    amount: `${formatBytes(loaded)}/${total !== undefined ? formatBytes(total) : "?"}`.padEnd(19),
    speed: `${formatBytes(Math.round(meter.speed()))}/s`.padStart(12),
    // "left", not "eta": cli-progress fills {eta} itself, from its own estimate.
    left: total !== undefined ? formatDuration(meter.eta(total - loaded)) : "?",
  });

  const refreshTotal = () => {
    totalMeter.record(transferred());
    const loaded = loadedNow();
    totalBar?.update(
      Math.min(loaded, planned || loaded),
      tokens(t("hub.progress.total"), loaded, planned, totalMeter),
    );
    if (!tty && performance.now() - lastLine >= intervalMs) {
      lastLine = performance.now();
      const k = tokens("", loaded, planned, totalMeter);
      say(
        t("hub.progress.totalLine", {
          percent: k.percent.trim(),
          amount: k.amount.trim(),
          speed: k.speed.trim(),
          left: k.left,
        }),
      );
    }
  };

  const onProgress = (e: HubProgressEvent) => {
    switch (e.status) {
      case "plan":
        planned = e.total;
        for (const f of e.files) if (f.size !== undefined) sizedInPlan.add(f.path);
        say(
          t("hub.progress.plan", {
            repoId: e.repoId,
            commit: e.commit.slice(0, 10),
            files: e.files.length,
            size: formatBytes(e.total),
          }),
        );
        lastLine = performance.now();
        if (multi)
          totalBar = multi.create(
            Math.max(planned, 1),
            0,
            tokens(t("hub.progress.total"), 0, planned, totalMeter),
          );
        break;
      case "download": {
        // A file the listing gave no size for: now that it is known, it counts in the total.
        if (!sizedInPlan.has(e.file) && e.total !== undefined) {
          sizedInPlan.add(e.file);
          planned += e.total;
          totalBar?.setTotal(planned);
        }
        const state: FileState = {
          loaded: e.resumedFrom,
          resumedFrom: e.resumedFrom,
          total: e.total,
          meter: new TransferMeter(),
        };
        state.meter.record(0);
        const old = files.get(e.file); // a retry: the same file starts again where it stopped
        if (old) retire(old);
        files.set(e.file, state);
        if (e.resumedFrom > 0)
          say(t("hub.progress.resuming", { file: e.file, size: formatBytes(e.resumedFrom) }));
        if (multi)
          state.bar = multi.create(
            Math.max(e.total ?? 1, 1),
            e.resumedFrom,
            tokens(e.file, e.resumedFrom, e.total, state.meter),
          );
        break;
      }
      case "progress": {
        const state = files.get(e.file);
        if (!state) break;
        state.loaded = e.loaded;
        state.meter.record(e.loaded - state.resumedFrom);
        state.bar?.update(e.loaded, tokens(e.file, e.loaded, e.total, state.meter));
        refreshTotal();
        break;
      }
      case "retry":
        say(t("hub.progress.retry", { file: e.file, attempt: e.attempt, reason: e.reason }));
        break;
      case "done": {
        const state = files.get(e.file);
        if (state) retire(state);
        files.delete(e.file);
        settled += e.size;
        say(
          `${t(e.cached ? "hub.progress.cached" : "hub.progress.done")} ${e.file} (${formatBytes(e.size)})`,
        );
        refreshTotal();
        break;
      }
      case "offline":
        say(t("hub.progress.offline", { reason: e.reason, repoId: e.repoId, snapshot: e.snapshot }));
        break;
      case "initiate":
      case "ready":
        break;
    }
  };

  return {
    onProgress,
    stop: () => {
      multi?.stop();
    },
  };
}
