/** A long job's controls, shared by the Generation and Training pages: how much to run, Start, Stop, and a busy note. */
interface Props {
  /** data-testid prefix: `${id}-max|steps`, `${id}-start`, `${id}-stop`. */
  id: string;
  countTestId: string;
  countLabel: string;
  min: number;
  max: number;
  count: number;
  onCount: (n: number) => void;
  running: boolean;
  start: () => void;
  stop: () => void;
  startLabel: string;
  stopLabel: string;
  runningLabel: string;
}

export function RunControls(p: Props) {
  return (
    <div class="row">
      <label>
        {p.countLabel}{" "}
        <input
          type="number"
          data-testid={p.countTestId}
          min={p.min}
          max={p.max}
          value={p.count}
          onInput={(e) => p.onCount(Number((e.target as HTMLInputElement).value))}
        />
      </label>
      <button type="button" data-testid={`${p.id}-start`} onClick={p.start} disabled={p.running}>
        {p.startLabel}
      </button>
      <button type="button" data-testid={`${p.id}-stop`} onClick={p.stop} disabled={!p.running}>
        {p.stopLabel}
      </button>
      {p.running && <span class="busy">{p.runningLabel}</span>}
    </div>
  );
}
