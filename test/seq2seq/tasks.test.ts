import assert from "node:assert/strict";
import { test } from "node:test";
import { Pcg32 } from "../../src/generation/rng.ts";
import {
  chineseNumber,
  englishNumber,
  sample,
  splitOf,
  TASK_NAMES,
  taskByName,
} from "../../src/seq2seq/tasks/index.ts";
import { CharVocab, EOS } from "../../src/seq2seq/vocab.ts";

test("number words: English (British 'and') and Chinese (零 for missing places)", () => {
  const cases: [number, string, string][] = [
    [0, "zero", "零"],
    [15, "fifteen", "十五"],
    [42, "forty-two", "四十二"],
    [110, "one hundred and ten", "一百一十"],
    [304, "three hundred and four", "三百零四"],
    [1010, "one thousand and ten", "一千零一十"],
    [1100, "one thousand one hundred", "一千一百"],
    [2021, "two thousand and twenty-one", "二千零二十一"],
    [10010, "ten thousand and ten", "一万零一十"],
    [123456, "one hundred and twenty-three thousand four hundred and fifty-six", "十二万三千四百五十六"],
  ];
  for (const [n, en, zh] of cases) {
    assert.equal(englishNumber(n), en);
    assert.equal(chineseNumber(n), zh);
  }
  assert.throws(() => englishNumber(-1), /0 … 99 999 999/);
});

test("every task: examples fit the vocabularies and lengths; train and test never share a key", () => {
  for (const name of TASK_NAMES) {
    const task = taskByName(name);
    const src = new CharVocab(task.sourceChars);
    const tgt = new CharVocab(task.targetChars);
    const rng = new Pcg32(7);
    const trainTargets = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const e = sample(task, rng, "train");
      assert.ok(e.source.length <= task.maxSourceLength, `${name}: ${e.source}`);
      assert.ok(e.target.length <= task.maxTargetLength, `${name}: ${e.target}`);
      assert.equal(src.decode(src.encode(e.source)), e.source);
      assert.equal(tgt.decode([...tgt.encode(e.target), EOS, 5]), e.target);
      trainTargets.add(name === "reverse" ? e.source : e.target);
    }
    for (let i = 0; i < 50; i++) {
      const e = sample(task, rng, "test");
      const key = name === "reverse" ? e.source : e.target;
      assert.equal(splitOf(key), "test");
      assert.ok(!trainTargets.has(key), `${name}: test example ${key} was drawn for training`);
    }
  }
  assert.throws(() => taskByName("nope"), /--task nope: unknown task/);
});

test("dates: every format of one date maps to the same ISO target", () => {
  const task = taskByName("dates");
  const rng = new Pcg32(3);
  const seen = new Map<string, Set<string>>();
  for (let i = 0; i < 3000; i++) {
    const { example } = task.draw(rng);
    assert.match(example.target, /^\d{4}-\d{2}-\d{2}$/);
    const d = new Date(`${example.target}T00:00:00Z`);
    assert.equal(d.toISOString().slice(0, 10), example.target, "a real calendar date");
    if (!seen.has(example.target)) seen.set(example.target, new Set());
    seen.get(example.target)?.add(example.source);
  }
  assert.ok([...seen.values()].some((s) => s.size > 1));
});

test("vocabulary: an unknown character names itself", () => {
  assert.throws(() => new CharVocab("abc").encode("abz", "translate input"), /character "z"/);
});
