/**
 * Tokens as coloured chips (the instruments' TokenPiece: a byte piece shows as <e9 80>), with the id
 * and the vocabulary string in the tooltip; `showIds` writes the id under each chip.
 */
import type { TokenPiece } from "../../../src/web/api-types.ts";

/** A calm palette that tells neighbours apart (text stays readable on every colour). */
const COLOURS = ["#fde2a8", "#c9e7f7", "#d9f2c6", "#f7cfe0", "#e2d7f7", "#f9d8c0", "#cdeee6"];

/** Whitespace made visible, so " world" and "world" look different. */
function visible(label: string): string {
  return label.replace(/ /g, "·").replace(/\n/g, "↵").replace(/\t/g, "→");
}

export function TokenChips({
  pieces,
  showIds = false,
}: {
  pieces: readonly TokenPiece[];
  showIds?: boolean;
}) {
  return (
    <div class="chips">
      {pieces.map((p, i) => (
        <span
          key={i}
          class={p.partial ? "chip partial" : "chip"}
          style={{ background: COLOURS[i % COLOURS.length] }}
          title={`id ${p.id} · ${JSON.stringify(p.token)}`}
          data-id={p.id}
        >
          {visible(p.label)}
          {showIds && <small class="chip-id">{p.id}</small>}
        </span>
      ))}
    </div>
  );
}
