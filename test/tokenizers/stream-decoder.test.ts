// The streaming decoder never emits half a UTF-8 character.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createStreamDecoder, loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { byteLevelJson, fromJson } from "./tiny-helpers.ts";

test("a character split across byte tokens appears only when complete", () => {
  // Vocabulary = the 256 byte characters: "你好" is six tokens, three per character.
  const tok = fromJson(byteLevelJson());
  const ids = tok.encode("a你好").ids;
  assert.equal(ids.length, 7);
  const stream = createStreamDecoder(tok);
  const pieces = ids.map((id) => stream.push(id));
  assert.deepEqual(pieces, ["a", "", "", "你", "", "", "好"]);
  assert.equal(stream.flush(), "");
});

test("flush returns an unfinished character as U+FFFD", () => {
  const tok = fromJson(byteLevelJson());
  const stream = createStreamDecoder(tok);
  const [first] = tok.encode("你").ids;
  assert.equal(stream.push(first), "");
  assert.equal(stream.flush(), "\ufffd");
});

test("Llama 2: <0xNN> pieces and the leading-space rule stream like the whole decode", {
  skip: fixturesMissing("tokenizers/llama2"),
}, async () => {
  const tok = await loadTokenizer(fixture("tokenizers/llama2"));
  const text = "Hello 🦙 world, 你好! ꦗꦮ";
  const ids = tok.encode(text, { addSpecialTokens: true }).ids;
  const stream = createStreamDecoder(tok, { skipSpecialTokens: true });
  const pieces = ids.map((id) => stream.push(id));
  pieces.push(stream.flush());
  assert.equal(pieces.join(""), tok.decode(ids, { skipSpecialTokens: true }));
  assert.equal(pieces.join(""), text);
  assert.ok(pieces.every((p) => !p.includes("\ufffd")));
  // The emoji is four byte tokens: three pushes give nothing, the fourth the whole emoji.
  assert.ok(pieces.includes("🦙") || pieces.includes(" 🦙"));
});

test("GPT-2: streaming a long mixed text gives exactly decode(ids)", {
  skip: fixturesMissing("tokenizers/gpt2"),
}, async () => {
  const tok = await loadTokenizer(fixture("tokenizers/gpt2"));
  const text = "Streaming 通关 text: ñandú, 🐉🐉, and code `x => x*2`.\n".repeat(20);
  const ids = tok.encode(text).ids;
  const stream = createStreamDecoder(tok);
  let out = "";
  for (const id of ids) {
    const piece = stream.push(id);
    assert.ok(!piece.includes("\ufffd"), `half a character emitted: ${JSON.stringify(piece)}`);
    out += piece;
  }
  out += stream.flush();
  assert.equal(out, text);
});
