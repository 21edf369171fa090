/**
 * Horizontal bars with their numbers: probabilities, cosines, norms.
 *
 *   <Bars items={[{ label: "queen", value: 0.78 }]} digits={3} />
 * A bar is drawn from 0 to its value on the scale 0..max (default: the largest |value|); `dim` greys
 * a bar out (a token a sampling stage removed).
 */
export interface BarItem {
  label: string;
  value: number;
  dim?: boolean;
  highlight?: boolean;
}

export function Bars({
  items,
  max,
  digits = 3,
  label,
}: {
  items: readonly BarItem[];
  max?: number;
  digits?: number;
  label?: string;
}) {
  const top = max ?? Math.max(1e-12, ...items.map((i) => Math.abs(i.value)));
  return (
    <table class="bars" aria-label={label}>
      <tbody>
        {items.map((item, i) => (
          <tr
            key={i}
            class={[item.dim ? "dim" : "", item.highlight ? "highlight" : ""].join(" ").trim() || undefined}
          >
            <th scope="row">{item.label}</th>
            <td class="bar-cell">
              <span
                class="bar"
                style={{ width: `${Math.max(0, Math.min(100, (Math.abs(item.value) / top) * 100))}%` }}
              />
            </td>
            <td class="num" data-value={String(item.value)}>
              {item.value.toFixed(digits)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
