// Display width (src/messages/display-width.ts): wide characters take two columns, marks none, so
// padded columns line up with Chinese in them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { displayWidth, padEndWidth, padStartWidth } from "../../src/messages/display-width.ts";

test("display width counts East Asian wide characters twice and marks not at all", () => {
  assert.equal(displayWidth("token"), 5);
  assert.equal(displayWidth("词元"), 4);
  assert.equal(displayWidth("词元 token"), 10);
  assert.equal(displayWidth("，。"), 4); // fullwidth and CJK punctuation
  assert.equal(displayWidth("カタカナ"), 8);
  assert.equal(displayWidth("한국어"), 6);
  assert.equal(displayWidth("é"), 1); // e + combining acute accent
  assert.equal(displayWidth("🤗"), 2);
  assert.equal(displayWidth("👍🏽"), 2); // one grapheme: emoji + skin tone
  assert.equal(displayWidth("\u001b[1m粗\u001b[22m"), 2); // colour codes take no columns
  assert.equal(displayWidth(""), 0);
});

test("padding by display width lines up a column of mixed Chinese and English cells", () => {
  const cells = ["king", "国王", "女王queen", "🤗"];
  const rows = cells.map((c) => `${padEndWidth(c, 10)}|`);
  for (const r of rows) assert.equal(displayWidth(r), 11, r);
  assert.equal(padEndWidth("汉字", 6), "汉字  ");
  assert.equal(padStartWidth("汉字", 6), "  汉字");
  assert.equal(padEndWidth("汉字汉字", 6), "汉字汉字"); // never cut
  // String length would pad 国王 to 10 characters = 12 columns: one column out per 汉字.
  assert.notEqual(displayWidth("国王".padEnd(10)), 10);
});
