import assert from "node:assert/strict";
import { test } from "node:test";
import { beamSearch, greedy } from "../../src/seq2seq/decode.ts";
import { heatmap, shade } from "../../src/seq2seq/heatmap.ts";
import type { Decoder } from "../../src/seq2seq/model.ts";
import { BOS, EOS } from "../../src/seq2seq/vocab.ts";

/**
 * A decoder whose next-token probabilities depend only on the prefix, from a table: the classic case
 * where greedy's first choice (token 3, p 0.5) leads to a poor continuation and beam search finds the
 * better sequence through token 4 (p 0.4).
 */
function tableDecoder(): Decoder<number[]> {
  const V = 6;
  const dist = (prefix: number[]): number[] => {
    const p = new Array(V).fill(1e-6);
    const key = prefix.join(",");
    if (key === "") {
      p[3] = 0.5;
      p[4] = 0.4;
      p[5] = 0.1;
    } else if (key === "3") {
      p[3] = 0.35;
      p[4] = 0.35;
      p[5] = 0.3;
    } else if (key === "4") p[EOS] = 0.95;
    else p[EOS] = 0.9;
    return p;
  };
  return {
    initial: () => [],
    step: (prefix, token) => {
      const next = token === BOS ? prefix : [...prefix, token];
      const p = dist(next);
      const z = p.reduce((a, b) => a + b, 0);
      return {
        logProbs: Float32Array.from(p, (x) => Math.log(x / z)),
        attention: Float32Array.of(next.length % 2, 1 - (next.length % 2)),
        state: next,
      };
    },
  };
}

test("greedy takes the locally best token; beam search finds the more likely sequence", () => {
  const g = greedy(tableDecoder(), 5);
  assert.deepEqual(g.ids.slice(0, 1), [3]);
  const b = beamSearch(tableDecoder(), 5, 3);
  assert.deepEqual(b.ids, [4]);
  assert.ok(b.logProb > g.logProb, `beam ${b.logProb} ≤ greedy ${g.logProb}`);
  // One attention row per output token and one for </s>, each from the step that produced it.
  assert.equal(b.attention.length, b.ids.length + 1);
  assert.deepEqual(b.attention[0], [0, 1]);
  assert.deepEqual(b.attention[1], [1, 0]);
});

test("decoding stops at maxLength with </s> forced", () => {
  const loop: Decoder<number> = {
    initial: () => 0,
    step: (n) => ({
      logProbs: Float32Array.from([0, 0, -9, 0], (x, i) => (i === 3 ? -0.01 : x - 9)),
      attention: null,
      state: n + 1,
    }),
  };
  const r = greedy(loop, 4);
  assert.deepEqual(r.ids, [3, 3, 3, 3]);
  assert.deepEqual(r.attention, []);
});

test("heatmap: one row per output token, shades by weight, CJK cells as wide as ASCII ones", () => {
  assert.equal(shade(0.9), "█");
  assert.equal(shade(0.5), "▒");
  assert.equal(shade(0.01), " ");
  const lines = heatmap(
    ["三", "百", "a"],
    ["3", "</s>"],
    [
      [0.9, 0.05, 0.05],
      [0.1, 0.2, 0.7],
    ],
  );
  assert.equal(lines.length, 3);
  assert.equal(lines[1], "3    ██····");
  assert.equal(lines[2], "</s> ··░░▓▓");
  assert.equal(lines[0], "     三百a ");
});
