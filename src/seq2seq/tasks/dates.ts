/**
 * `dates`: a date in one of several human formats → ISO 8601 —
 * "March 4, 2021" → "2021-03-04", "4 Mar 2021" → "2021-03-04", "2021年3月4日" → "2021-03-04",
 * "Thursday, 4 March 2021" → "2021-03-04". The model must reorder the fields and spell out the month
 * as a number: attention finds the year at the end of one format and at the start of another.
 */
import type { Rng } from "../../generation/rng.ts";
import { randomInt, type Task } from "./task.ts";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const FIRST_YEAR = 1950;
const LAST_YEAR = 2049;

const pad = (n: number) => String(n).padStart(2, "0");

/** The formats, each (year, month 1–12, day, weekday 0–6) → text. */
export const DATE_FORMATS: ((y: number, m: number, d: number, w: number) => string)[] = [
  (y, m, d) => `${MONTHS[m - 1]} ${d}, ${y}`,
  (y, m, d) => `${d} ${MONTHS[m - 1]} ${y}`,
  (y, m, d) => `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`,
  (y, m, d) => `${MONTHS[m - 1].slice(0, 3)} ${d} ${y}`,
  (y, m, d, w) => `${WEEKDAYS[w]}, ${d} ${MONTHS[m - 1]} ${y}`,
  (y, m, d) => `${y}年${m}月${d}日`,
  (y, m, d) => `${pad(d)}.${pad(m)}.${y}`,
];

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function datesTask(): Task {
  const texts: string[] = [];
  let longest = 0;
  // Every format of a few dates that use every month and weekday gives the vocabulary.
  for (let m = 1; m <= 12; m++) {
    for (let d = 20; d <= 28; d++) {
      for (const f of DATE_FORMATS) {
        const t = f(2000, m, d, new Date(Date.UTC(2000, m - 1, d)).getUTCDay());
        texts.push(t);
        longest = Math.max(longest, t.length);
      }
    }
  }
  return {
    name: "dates",
    description: `dates in ${DATE_FORMATS.length} formats, ${FIRST_YEAR}–${LAST_YEAR} → ISO: "March 4, 2021" → "2021-03-04"`,
    sourceChars: [...new Set(`${texts.join("")}0123456789`)].sort().join(""),
    targetChars: "-0123456789",
    maxSourceLength: longest,
    maxTargetLength: 10,
    draw(rng: Rng) {
      const y = randomInt(rng, FIRST_YEAR, LAST_YEAR);
      const m = randomInt(rng, 1, 12);
      const d = randomInt(rng, 1, new Date(Date.UTC(y, m, 0)).getUTCDate());
      const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
      const format = DATE_FORMATS[randomInt(rng, 0, DATE_FORMATS.length - 1)];
      const target = isoDate(y, m, d);
      return { example: { source: format(y, m, d, w), target }, key: target };
    },
    samples: ["March 4, 2021", "2021年3月4日", "Thursday, 4 March 2021"],
  };
}
