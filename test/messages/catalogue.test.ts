// The message catalogue (src/messages/): both languages have exactly the same keys and the same
// placeholders per key, and t() fills them.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  catalogue,
  format,
  getLocale,
  LOCALES,
  localeFromEnvironment,
  type MessageKey,
  parseLocale,
  placeholders,
  setLocale,
  t,
} from "../../src/messages/index.ts";

test("every catalogue has the English keys, no more, each with the same placeholders", () => {
  const en = catalogue("en");
  const keys = Object.keys(en).sort();
  assert.ok(keys.length > 20, `only ${keys.length} English messages`);
  for (const locale of LOCALES) {
    const other = catalogue(locale);
    assert.deepEqual(Object.keys(other).sort(), keys, `${locale}: keys differ from en`);
    const mismatched = keys.filter(
      (k) => placeholders(other[k as MessageKey]).join() !== placeholders(en[k as MessageKey]).join(),
    );
    assert.deepEqual(mismatched, [], `${locale}: placeholders differ from en in these keys`);
  }
});

test("the Chinese catalogue is Chinese: every message that has words has 汉字", () => {
  const en = catalogue("en");
  const zh = catalogue("zh-CN");
  const untranslated = Object.keys(en).filter((k) => {
    const text = zh[k as MessageKey];
    // Messages that are only a flag, a formula or placeholders need no Chinese.
    const words = text.replace(/\{[^}]*\}/g, "").match(/[A-Za-z]{3,}\s+[A-Za-z]{3,}\s+[A-Za-z]{3,}/);
    return words !== null && !/[\u4e00-\u9fff]/.test(text);
  });
  assert.deepEqual(untranslated, [], "these zh-CN messages look English");
});

test("format fills {name} and picks {n|one|many}; an unknown name stays visible", () => {
  assert.equal(format("{n} {n|token|tokens} in {file}", { n: 1, file: "a.txt" }), "1 token in a.txt");
  assert.equal(format("{n} {n|token|tokens}", { n: 3 }), "3 tokens");
  assert.equal(format("{n} {n|token|tokens}", { n: 0 }), "0 tokens");
  assert.equal(format("missing {x}", {}), "missing {x}");
  assert.deepEqual(placeholders("{b} {a|x|y} {b}"), ["a", "b"]);
});

test("setLocale switches t(); t() can also name the locale", () => {
  assert.equal(getLocale(), "en");
  assert.equal(t("cli.help.usage"), "Usage:");
  setLocale("zh-CN");
  try {
    assert.equal(t("cli.help.usage"), "用法：");
    assert.equal(t("cli.lang.unknown", { value: "fr" }), '--lang：应为 zh 或 en，收到 "fr"');
  } finally {
    setLocale("en");
  }
  assert.equal(t("cli.help.usage", {}, "zh-CN"), "用法：");
  assert.throws(() => setLocale("fr" as never), /unknown locale/);
});

test("the environment picks Chinese when LC_ALL, LC_MESSAGES or LANG (in that order) starts with zh", () => {
  assert.equal(localeFromEnvironment({ LANG: "zh_CN.UTF-8" }), "zh-CN");
  assert.equal(localeFromEnvironment({ LANG: "en_US.UTF-8" }), "en");
  assert.equal(localeFromEnvironment({}), "en");
  assert.equal(localeFromEnvironment({ LC_ALL: "C", LANG: "zh_CN.UTF-8" }), "en");
  assert.equal(localeFromEnvironment({ LC_MESSAGES: "zh_TW.UTF-8", LANG: "en_US.UTF-8" }), "zh-CN");
  assert.equal(localeFromEnvironment({ LC_ALL: "", LANG: "zh_CN.UTF-8" }), "zh-CN");
  assert.equal(parseLocale("zh"), "zh-CN");
  assert.equal(parseLocale("zh-CN"), "zh-CN");
  assert.equal(parseLocale("EN"), "en");
  assert.equal(parseLocale("fr"), undefined);
  assert.equal(parseLocale("zhx"), undefined);
});
