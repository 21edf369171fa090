import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { type GenerateOptions, validateGenerateOptions } from "../../src/generation/generation-options.ts";

const rejects = (o: GenerateOptions, mention: RegExp) =>
  assert.throws(
    () => validateGenerateOptions(o),
    (e: unknown) => e instanceof TongguanError && mention.test(e.message),
  );

test("unsupported options are rejected with a TongguanError naming them", () => {
  rejects({ beamWidth: 4 } as GenerateOptions, /beamWidth: unknown option/);
  rejects({ top_p: 0.9 } as GenerateOptions, /top_p: unknown option/);
  rejects({ temperature: -0.1 }, /temperature/);
  rejects({ topP: 0 }, /topP/);
  rejects({ topP: 1.5 }, /topP/);
  rejects({ topK: 2.5 }, /topK/);
  rejects({ minP: 2 }, /minP/);
  rejects({ typicalP: 0 }, /typicalP/);
  rejects({ repetitionPenalty: 0 }, /repetitionPenalty/);
  rejects({ presencePenalty: 3 }, /presencePenalty/);
  rejects({ maxNewTokens: 0 }, /maxNewTokens/);
  rejects({ temperature: Number.NaN }, /temperature/);
  rejects({ stopStrings: [""] }, /stopStrings/);
  rejects({ stopTokens: [-1] }, /stopTokens/);
  rejects({ processorOrder: ["top_k", "beam"] as never }, /processorOrder/);
});

test("llama2.c's sampler refuses what run.c does not have", () => {
  rejects({ llama2cRng: true, topK: 40 }, /topK.*llama2cRng/);
  rejects({ llama2cRng: true, repetitionPenalty: 1.2 }, /repetitionPenalty.*llama2cRng/);
  rejects({ llama2cRng: true, seed: 0 }, /seed/);
});

test("valid options pass", () => {
  validateGenerateOptions({ temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, seed: 1, maxNewTokens: 5 });
  validateGenerateOptions({ llama2cRng: true, temperature: 1, topP: 0.9, seed: 133742 });
  validateGenerateOptions({ topP: 1, temperature: 0 });
});
