// Every .inp/.out set of fixtures/llama-cpp-vocab (and generated/): GGUF tokenizer metadata,
// encoded without added special tokens and without parsing special tokens, as test-tokenizer-0 does.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { expectAll } from "./cases-helper.ts";

const skip = fixturesMissing("llama-cpp-vocab");
const sets: string[] = [];
if (!skip) {
  const dir = fixture("llama-cpp-vocab");
  for (const sub of ["", "generated"]) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort())
      if (f.endsWith(".gguf") && existsSync(join(d, `${f}.inp`))) sets.push(join(d, f));
  }
}

test("the llama-cpp-vocab folder has test sets", { skip }, () => {
  if (sets.length === 0) throw new Error("no ggml-vocab-*.gguf with .inp/.out found");
});

for (const gguf of sets) {
  const name = gguf.slice(gguf.indexOf("llama-cpp-vocab/") + 16);
  test(name, async () => {
    const tok = await loadTokenizer(gguf);
    const inputs = readFileSync(`${gguf}.inp`, "utf8").split("\n__ggml_vocab_test__\n");
    inputs.pop(); // the empty piece after the last separator
    const lines = readFileSync(`${gguf}.out`, "utf8").split("\n");
    const cases = inputs.map((text, i) => ({
      text,
      ids: lines[i].trim() === "" ? [] : lines[i].trim().split(/ +/).map(Number),
    }));
    expectAll(
      name,
      cases,
      (c) => c.ids,
      (c) =>
        (tok as unknown as { encode(t: string, o: { parseSpecial: boolean }): { ids: number[] } }).encode(
          c.text,
          {
            parseSpecial: false,
          },
        ).ids,
    );
  });
}
