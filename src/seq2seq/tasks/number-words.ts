/**
 * Integers written out in words, in English and in Chinese — the source side of the `numbers` task.
 *
 *   englishNumber(304)  → "three hundred and four"      (British "and" before the last two digits)
 *   englishNumber(2021) → "two thousand and twenty-one"
 *   chineseNumber(304)  → "三百零四"                      (零 stands for a run of missing places)
 *   chineseNumber(1010) → "一千零一十",  chineseNumber(15) → "十五" (a leading 一十 is said 十)
 *
 * Both cover 0 … 99 999 999; `numbers` uses 0 … 9 999.
 */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";

const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

function checkRange(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 99_999_999) {
    throw new TongguanError(t("seq2seq.tasks.numberWords.numberOnlyWholeNumbers", { n }));
  }
}

/** 0 … 99: "forty-two". */
function belowHundred(n: number): string {
  if (n < 20) return ONES[n];
  return n % 10 === 0 ? TENS[n / 10] : `${TENS[Math.floor(n / 10)]}-${ONES[n % 10]}`;
}

/** 1 … 999 without the "and" rule across groups: "three hundred and four". */
function belowThousand(n: number): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0) return belowHundred(rest);
  return rest === 0 ? `${ONES[h]} hundred` : `${ONES[h]} hundred and ${belowHundred(rest)}`;
}

export function englishNumber(n: number): string {
  checkRange(n);
  if (n === 0) return "zero";
  const parts: string[] = [];
  const groups: [number, string][] = [
    [1_000_000, "million"],
    [1000, "thousand"],
  ];
  let rest = n;
  for (const [size, name] of groups) {
    const g = Math.floor(rest / size);
    if (g > 0) parts.push(`${belowThousand(g)} ${name}`);
    rest %= size;
  }
  // "two thousand and five": the "and" also comes before a last group below one hundred.
  if (rest > 0)
    parts.push(rest < 100 && parts.length > 0 ? `and ${belowHundred(rest)}` : belowThousand(rest));
  return parts.join(" ");
}

const DIGITS_ZH = "零一二三四五六七八九";
const PLACES_ZH = ["", "十", "百", "千"];

/** 1 … 9999 in Chinese, with 零 for a run of zeros between non-zero places. */
function chineseBelowTenThousand(n: number, leadingTen: boolean): string {
  const digits = String(n).padStart(4, "0").split("").map(Number);
  let out = "";
  let pendingZero = false;
  let started = false;
  for (let i = 0; i < 4; i++) {
    const d = digits[i];
    const place = 3 - i;
    if (d === 0) {
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    // 十五, not 一十五, when 十 is the number's first place.
    if (!(leadingTen && !started && place === 1 && d === 1)) out += DIGITS_ZH[d];
    out += PLACES_ZH[place];
    started = true;
  }
  return out;
}

export function chineseNumber(n: number): string {
  checkRange(n);
  if (n === 0) return "零";
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  if (high === 0) return chineseBelowTenThousand(low, true);
  let out = `${chineseBelowTenThousand(high, true)}万`;
  if (low > 0) out += (low < 1000 ? "零" : "") + chineseBelowTenThousand(low, false);
  return out;
}
