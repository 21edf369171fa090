import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { trainBpeFast, writeTokenizerJson } from "../../src/tokenizers/training/index.ts";
import {
  addedAround,
  graphemeSegments,
  renderLabels,
  renderTokens,
  showWhitespace,
} from "../../src/tokenizers/visualize.ts";

const ansi = /\x1b\[\d+m/g;

test("a grapheme split across byte tokens is one segment, owned by the token where it starts", () => {
  // "a👍🏽b": 👍🏽 is 4 UTF-16 units [1,5) and 8 UTF-8 bytes, cut into three byte tokens.
  const text = "a👍🏽b";
  const offsets: [number, number][] = [
    [0, 1],
    [1, 3],
    [1, 3],
    [3, 5],
    [5, 6],
  ];
  assert.deepEqual(graphemeSegments(text, offsets), [
    { text: "a", token: 0 },
    { text: "👍🏽", token: 1 },
    { text: "b", token: 4 },
  ]);
  // A family emoji (ZWJ sequence) whose first code point no token covers is owned by the first
  // token starting inside it; text no token covers gets -1.
  const family = "👨‍👩‍👧 x";
  assert.deepEqual(
    graphemeSegments(family, [
      [2, 5],
      [5, 8],
      [9, 10],
    ]),
    [
      { text: "👨‍👩‍👧", token: 0 },
      { text: " ", token: -1 },
      { text: "x", token: 2 },
    ],
  );
  // A token with empty offsets at the start of a grapheme no other token covers owns it.
  assert.deepEqual(
    graphemeSegments("! 你好", [
      [0, 1],
      [2, 2],
      [3, 3],
    ]),
    [
      { text: "!", token: 0 },
      { text: " ", token: -1 },
      { text: "你", token: 1 },
      { text: "好", token: 2 },
    ],
  );
});

test("whitespace and control characters are made visible, newlines kept", () => {
  assert.equal(showWhitespace("a b\tc\n"), "a·b→c↵\n");
  assert.equal(showWhitespace("x\r\n\u0000"), "x␍↵\n␀");
});

test("renderTokens colours whole graphemes with alternating backgrounds", async () => {
  // A tokenizer that has never seen emoji or Chinese: they fall apart into byte tokens.
  const dir = mkdtempSync(join(tmpdir(), "tongguan-vis-"));
  try {
    const path = writeTokenizerJson(
      dir,
      trainBpeFast("hello hello world world\n".repeat(20), { vocabSize: 300 }),
    );
    const tokenizer = await loadTokenizer(path);
    const text = "hello 👍🏽 你好\n\tworld";
    const encoding = tokenizer.encode(text);
    assert.ok(encoding.ids.length > 10, "emoji and CJK must be split into several byte tokens");

    const colored = renderTokens(text, encoding, { color: true });
    // Without the escape codes, the visible text is the text with whitespace markers.
    assert.equal(colored.replace(ansi, ""), showWhitespace(text));
    // Each grapheme is painted whole: no escape code inside the emoji or inside a CJK character.
    assert.ok(colored.includes("👍🏽"));
    assert.ok(/你\x1b/.test(colored) && /\x1b\[\d+m好/.test(colored), "你 and 好 are separate tokens here");
    // Neighbouring segments never share a background.
    const backgrounds = [...colored.matchAll(/\x1b\[(4[0-7]|10[0-7])m/g)].map((m) => m[1]);
    // One painted piece per segment and line (a segment "\n\t" is painted as "↵" and "→").
    const pieces = graphemeSegments(text, encoding.offsets).flatMap((s) =>
      showWhitespace(s.text)
        .split("\n")
        .filter((line) => line !== ""),
    );
    assert.equal(backgrounds.length, pieces.length);
    for (let i = 1; i < backgrounds.length; i++) assert.notEqual(backgrounds[i], backgrounds[i - 1]);
    // The line break itself is not painted: the colour closes before it.
    assert.ok(/↵\x1b\[49m\x1b\[39m\n/.test(colored));

    const plain = renderTokens(text, encoding, { color: false });
    assert.equal(plain.replaceAll("│", ""), showWhitespace(text));
    assert.ok(plain.startsWith("hello│·│👍🏽│"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tokens added by the post-processor are found around the plain ids and drawn as labels", () => {
  assert.deepEqual(addedAround([7592, 2088], [101, 7592, 2088, 102]), { before: 1, after: 1 });
  assert.deepEqual(addedAround([5, 6], [1, 5, 6]), { before: 1, after: 0 });
  assert.deepEqual(addedAround([], [101, 102]), { before: 0, after: 2 });
  assert.equal(addedAround([5, 6], [5, 7, 6]), undefined);
  assert.equal(renderLabels(["[CLS]", "<s>"], { color: false }), "⟨[CLS]⟩⟨<s>⟩");
  assert.equal(renderLabels(["[CLS]"], { color: true }), "\x1b[7m⟨[CLS]⟩\x1b[27m");
});
