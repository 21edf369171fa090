/**
 * A deterministic mixed corpus for the training tests: English sentences, Chinese, code, numbers,
 * emoji and whitespace runs, drawn from small word lists with a seeded generator (mulberry32), so
 * every run trains on the same text without any file.
 */
import { rng as mulberry32 } from "../helpers/random.ts";

const english = (
  "the a of and to in is it that was for on are as with his they at be this from have or by one had " +
  "not but what all were when we there can an your which their said if do will each about how up out " +
  "them then she many some so these would other into has more her two like him see time could no make " +
  "than first been its who now people my made over did down only way find use may water long little " +
  "very after words called just where most know token merge pair byte chunk model vocabulary"
).split(" ");
const chinese =
  "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音".split(
    "",
  );
const code = [
  "function add(a, b) {\n  return a + b;\n}\n",
  "for (let i = 0; i < n; i++) {\n\tsum += x[i] * y[i];\n}\n",
  "const ids = tokenizer.encode(text).ids;\n",
  'if (x === null) throw new Error("bad value: " + x);\n',
  "def merge(ids, pair, idx):\n    return [idx if p == pair else p for p in ids]\n",
  "SELECT id, name FROM users WHERE age >= 18;\n",
];
const extras = [
  "😀",
  "👍🏽",
  "👨‍👩‍👧",
  "🇨🇳",
  "café",
  "naïve",
  "Ünïcödé",
  "don't",
  "I'LL",
  "we've",
  "  ",
  "\t",
  "\r\n",
  "\n\n",
  "<|endoftext|>",
];

/** About `chars` UTF-16 units of mixed text; the same seed gives the same text. */
export function mixedCorpus(chars: number, seed = 42): string {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const kind = rand();
    let part: string;
    if (kind < 0.45) {
      const n = 4 + Math.floor(rand() * 12);
      const words = Array.from({ length: n }, () => pick(english));
      words[0] = words[0][0].toUpperCase() + words[0].slice(1);
      part = `${words.join(" ")}${pick([".", "!", "?", ",", ";"])} `;
    } else if (kind < 0.7) {
      part =
        Array.from({ length: 5 + Math.floor(rand() * 20) }, () => pick(chinese)).join("") +
        pick(["。", "，", "！"]);
    } else if (kind < 0.85) part = pick(code);
    else if (kind < 0.93) part = ` ${Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 7)))}`;
    else part = pick(extras);
    parts.push(part);
    length += part.length;
  }
  return parts.join("");
}
