// The CLI's tables pad by display width: token labels in Chinese (two columns a 汉字) line up with
// English ones in the attention heatmap, and a long Chinese label is cut to its columns.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chipLabel, renderHeatmap } from "../../src/cli/views/heatmap.ts";
import { displayWidth } from "../../src/messages/display-width.ts";

test("the heatmap's rows start their cells in the same column whatever the labels' script", () => {
  const labels = ["你好", "a", "世界x", "token"];
  const probs = labels.map((_, i) => labels.map((_, j) => (j <= i ? 1 / (i + 1) : 0)));
  const lines = renderHeatmap(probs, labels, true).trimEnd().split("\n");
  const bars = lines.map((l) => displayWidth(l.slice(0, Math.max(l.indexOf("│"), l.indexOf("┼")))));
  assert.equal(new Set(bars).size, 1, lines.join("\n"));
  assert.equal(bars[0], 6); // "世界x" is 5 columns, then the space before the bar
  // By string length the rows would not line up: "你好" is 2 characters but 4 columns.
  assert.notEqual("你好".length, displayWidth("你好"));
});

test("a chip label is cut to its width in columns, not characters", () => {
  assert.equal(chipLabel({ label: "通关秘籍通关秘籍" } as never, 0, 10), "通关秘籍…");
  assert.equal(displayWidth(chipLabel({ label: "通关秘籍通关秘籍" } as never, 0, 10)), 9);
  assert.equal(chipLabel({ label: "hello world" } as never, 0, 10), "hello·wor…");
  assert.equal(chipLabel({ label: "短" } as never, 0, 10), "短");
});
