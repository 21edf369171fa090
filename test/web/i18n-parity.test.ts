// The lab's page strings: Chinese and English hold the same keys, each with the same {placeholders},
// and no message is left empty or untranslated (the same text in both, beyond names and formulas).
import assert from "node:assert/strict";
import { test } from "node:test";
import { en } from "../../web/src/i18n/en.ts";
import { zhCN } from "../../web/src/i18n/zh-CN.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("zh-CN has exactly en's keys", () => {
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
});

test("each message keeps its placeholders and is not empty", () => {
  for (const [key, text] of Object.entries(en)) {
    const zh = zhCN[key as keyof typeof en];
    assert.ok(text.trim() !== "" && zh.trim() !== "", key);
    assert.deepEqual(placeholders(zh), placeholders(text), key);
  }
});

test("the Chinese messages are Chinese", () => {
  // a message made only of names, symbols and placeholders may stay as it is
  const han = /\p{Script=Han}/u;
  const untranslated = Object.entries(zhCN).filter(
    ([key, zh]) =>
      !han.test(zh) && /[a-z]{4,}/i.test(zh.replace(/\{\w+\}/g, "")) && zh === en[key as keyof typeof en],
  );
  assert.deepEqual(untranslated, []);
});
