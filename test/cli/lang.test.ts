// The CLI in Chinese: LANG=zh_CN.UTF-8 or --lang zh turns help, errors, the demo and progress lines
// into Simplified Chinese; the default (LANG=C, as test/helpers/cli.ts sets) stays English.
import assert from "node:assert/strict";
import { test } from "node:test";
import { displayWidth } from "../../src/messages/display-width.ts";
import { t } from "../../src/messages/index.ts";
import { runCliSync } from "../helpers/cli.ts";

const zh = (key: Parameters<typeof t>[0], params: Record<string, unknown> = {}) => t(key, params, "zh-CN");
const en = (key: Parameters<typeof t>[0], params: Record<string, unknown> = {}) => t(key, params, "en");
/** Help text without its whitespace, so a description wrapped anywhere (between 汉字 too) still matches. */
const flat = (text: string) => text.replace(/\s+/g, "");
/** Whether `text` holds `line`, wherever commander wrapped either. */
const holds = (text: string, line: string) => flat(text).includes(flat(line));

test("LANG=zh_CN.UTF-8 tongguan --help: headings and command descriptions in Chinese", () => {
  const r = runCliSync(["--help"], { env: { LANG: "zh_CN.UTF-8" } });
  assert.equal(r.status, 0, r.stderr);
  for (const line of [
    "用法：",
    "选项：",
    "命令：",
    zh("cli.tokenize.description"),
    zh("cli.program.version"),
  ])
    assert.ok(holds(r.stdout, line), `missing ${JSON.stringify(line)} in:\n${r.stdout}`);
  assert.ok(!r.stdout.includes("Usage:"), r.stdout);
  assert.ok(!holds(r.stdout, en("cli.tokenize.description")), r.stdout);
});

test("the default is English, and LC_ALL wins over LANG", () => {
  const plain = runCliSync(["--help"]);
  assert.ok(
    plain.stdout.includes("Usage:") && holds(plain.stdout, en("cli.tokenize.description")),
    plain.stdout,
  );
  const c = runCliSync(["--help"], { env: { LANG: "zh_CN.UTF-8", LC_ALL: "C" } });
  assert.ok(c.stdout.includes("Usage:"), c.stdout);
});

test("--lang zh on a command (before or after it) translates its options; --lang en overrides LANG", () => {
  for (const args of [
    ["tokenize", "--help", "--lang", "zh"],
    ["--lang=zh", "tokenize", "--help"],
  ]) {
    const r = runCliSync(args);
    assert.equal(r.status, 0, r.stderr);
    for (const line of [
      zh("cli.tokenize.opt.json"),
      zh("cli.tokenize.arg.text"),
      zh("cli.lang.option"),
      "参数：",
    ])
      assert.ok(holds(r.stdout, line), `${args.join(" ")}: missing ${JSON.stringify(line)} in:\n${r.stdout}`);
  }
  const r = runCliSync(["run", "--help", "--lang", "en"], { env: { LANG: "zh_CN.UTF-8" } });
  assert.ok(holds(r.stdout, en("cli.flags.opt.topK")), r.stdout);
  assert.ok(!holds(r.stdout, zh("cli.flags.opt.topK")), r.stdout);
});

test("errors in Chinese: ours as one line, commander's usage errors too", () => {
  const bad = runCliSync(["--lang", "zh", "tokenize", "--decode", "abc"]);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, `tongguan: ${zh("cli.tokenize.decodeIsNotA", { part: "abc" })}\n`);
  const usage = runCliSync(["run", "--max-tokens", "x", "--lang", "zh"]);
  assert.notEqual(usage.status, 0);
  assert.ok(usage.stderr.startsWith("错误："), usage.stderr);
  assert.ok(
    usage.stderr.includes(zh("cli.flags.needsPositiveInteger", { flag: "--max-tokens", value: "x" })),
    usage.stderr,
  );
  const unknown = runCliSync(["tokenze"], { env: { LANG: "zh_CN.UTF-8" } });
  assert.ok(unknown.stderr.includes("错误：未知命令 'tokenze'"), unknown.stderr);
  assert.ok(unknown.stderr.includes("是不是想用 tokenize"), unknown.stderr);
  // The same error in English, word for word as before the catalogue.
  const english = runCliSync(["tokenize", "--decode", "abc"]);
  assert.equal(english.stderr, 'tongguan: --decode: "abc" is not a token id (a whole number)\n');
});

test("--lang with a language tongguan does not have is a one-line error", () => {
  const r = runCliSync(["--lang", "fr", "--help"]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `tongguan: ${en("cli.lang.unknown", { value: "fr" })}\n`);
});

test("tokenize's summary line in Chinese counts 词元 and 字符", () => {
  const r = runCliSync(["tokenize", "--no-color", "你好，世界", "--lang", "zh"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\d+ 个词元，5 个字符/);
});

test("the demo in Chinese: its headings, the commands it runs and their summaries", () => {
  const r = runCliSync(["demo", "--lang", "zh"], { timeoutMs: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  for (const line of [zh("cli.demo.tokens"), "2. 词向量", "3. 我们自己的 GPT", "个词元，", "下一步："])
    assert.ok(r.stdout.includes(line), `missing ${JSON.stringify(line)} in:\n${r.stdout}`);
  assert.ok(!r.stdout.includes("Word vectors — meaning as arithmetic"), r.stdout);
  assert.match(r.stderr, /提示词 \d+ 个词元，生成 \d+ 个/);
});

test("Chinese help wraps by display width: lines fit 80 columns, breaking between 汉字", () => {
  const r = runCliSync(["run", "--help", "--lang", "zh"]);
  const lines = r.stdout.split("\n");
  // a closing mark (，）) stays on its line, so a line may pass 80 by one such character
  const wide = lines.filter((l) => displayWidth(l) > 82);
  assert.deepEqual(wide, [], r.stdout);
  // --show-probs' Chinese description has no space, yet it is cut into lines
  const at = lines.findIndex((l) => l.includes("--show-probs"));
  assert.ok(at >= 0 && /^\s+\S/.test(lines[at + 1]) && !lines[at + 1].includes("--"), r.stdout);
});
