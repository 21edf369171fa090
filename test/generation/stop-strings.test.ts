import assert from "node:assert/strict";
import { test } from "node:test";
import { StopStringMatcher } from "../../src/generation/stop-strings.ts";

test("stop strings cut the text and hold back possible beginnings", () => {
  const m = new StopStringMatcher(["\nUser:", "END"]);
  assert.deepEqual(m.push("Hi!\nUs"), { text: "Hi!", stopped: false }); // "\nUs" could become "\nUser:"
  assert.deepEqual(m.push("ual"), { text: "\nUsual", stopped: false }); // it did not
  assert.deepEqual(m.push(" E"), { text: " ", stopped: false });
  assert.deepEqual(m.push("NDING"), { text: "", stopped: true }); // "END" found: text before it only
});

test("held-back text is released at the end and the earliest stop string wins", () => {
  const m = new StopStringMatcher(["xyz"]);
  assert.deepEqual(m.push("abx"), { text: "ab", stopped: false });
  assert.equal(m.flush(), "x");
  const two = new StopStringMatcher(["bc", "ab"]);
  assert.deepEqual(two.push("zabc"), { text: "z", stopped: true });
});
