/**
 * `tongguan classify` end to end on a BertForSequenceClassification folder the test writes:
 * safetensors with a `classifier` head, config.json with id2label, a WordPiece tokenizer.json.
 * The CLI must print every label with the probabilities the model computes in-process.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readSafetensors } from "../../src/formats/safetensors.ts";
import { writeSafetensors } from "../../src/formats/safetensors-writer.ts";
import { loadEncoder } from "../../src/models/index.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { writeTinyHfBert } from "../formats/tiny-hf-models.ts";
import { gaussian, randomTensor } from "../formats/tiny-models.ts";
import { runCliSync } from "../helpers/cli.ts";

test("classify: labels from id2label with the model's own probabilities", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-classify-"));
  try {
    writeTinyHfBert(dir, 7);
    // Turn the BertModel into a BertForSequenceClassification: add the head and the labels.
    const file = join(dir, "model.safetensors");
    const ckpt = readSafetensors(file);
    const tensors = ckpt.loadTensors(
      ckpt.tensors.map((t) => t.name),
      false,
    );
    const r = gaussian(3);
    tensors.set("classifier.weight", randomTensor([3, 32], 0.5, r));
    tensors.set("classifier.bias", randomTensor([3], 0.5, r));
    writeSafetensors(file, tensors, { format: "pt" });
    const configPath = join(dir, "config.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.architectures = ["BertForSequenceClassification"];
    config.id2label = { 0: "negative", 1: "neutral", 2: "positive" };
    writeFileSync(configPath, JSON.stringify(config));

    const run = runCliSync(["classify", dir, "the cat sat", "--json"]);
    assert.equal(run.status, 0, run.stderr);
    const { labels } = JSON.parse(run.stdout) as { labels: { label: string; probability: number }[] };
    assert.deepEqual(labels.map((l) => l.label).sort(), ["negative", "neutral", "positive"]);
    assert.ok(Math.abs(labels.reduce((s, l) => s + l.probability, 0) - 1) < 1e-6);
    for (let i = 1; i < labels.length; i++) assert.ok(labels[i].probability <= labels[i - 1].probability);

    const model = await loadEncoder(dir);
    const tokenizer = await loadTokenizer(dir);
    const ids = tokenizer.encode("the cat sat", { addSpecialTokens: true }).ids;
    const expected = model.classify(ids);
    for (const e of expected) {
      const got = labels.find((l) => l.label === e.label)!;
      assert.ok(
        Math.abs(got.probability - e.probability) < 1e-6,
        `${e.label}: ${got.probability} vs ${e.probability}`,
      );
    }
    // the head matters: a different head gives different probabilities
    assert.ok(Math.max(...expected.map((e) => e.probability)) > 0.34);

    // converted to GGUF, the pooler, the classifier and the labels all come along: classify agrees
    const gguf = join(dir, "classifier-f32.gguf");
    const converted = runCliSync(["convert", dir, "--type", "f32", "--out", gguf, "--quiet"]);
    assert.equal(converted.status, 0, converted.stderr);
    const fromGguf = runCliSync(["classify", gguf, "--ids", ids.join(","), "--json"]);
    assert.equal(fromGguf.status, 0, fromGguf.stderr);
    const ggufLabels = (JSON.parse(fromGguf.stdout) as { labels: { label: string; probability: number }[] })
      .labels;
    for (const e of expected) {
      const got = ggufLabels.find((l) => l.label === e.label);
      assert.ok(got, `label ${e.label} from the GGUF`);
      assert.ok(
        Math.abs(got.probability - e.probability) < 1e-5,
        `${e.label}: ${got.probability} vs ${e.probability}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
