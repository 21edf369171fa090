// The Training page's run: the project's trainer on the shipped corpus learns (the loss falls with
// a fixed seed), reports samples at each evaluation, and stops when the connection closes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrainingEvent } from "../../src/web/page-answers.ts";
import { streamTraining } from "../../src/web/routes/training.ts";

test("training: the loss falls over 60 steps with a fixed seed, with a validation loss and a sample", async () => {
  const events: TrainingEvent[] = [];
  await streamTraining(
    { steps: 60, evalEvery: 30, seed: 3 },
    (e) => events.push(e),
    new AbortController().signal,
  );
  const start = events[0] as Extract<TrainingEvent, { type: "start" }>;
  assert.equal(start.type, "start");
  assert.equal(start.corpus, "genesis-1.txt");
  assert.ok(start.parameters > 50_000, `${start.parameters} parameters`);
  const losses = events.flatMap((e) => (e.type === "step" ? [e.loss] : []));
  assert.equal(losses.length, 60);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(
    mean(losses.slice(-5)) < mean(losses.slice(0, 5)) - 1,
    `${mean(losses.slice(0, 5))} → ${mean(losses.slice(-5))}`,
  );
  assert.equal(events.filter((e) => e.type === "eval").length, 2);
  assert.equal(events.filter((e) => e.type === "sample").length, 2);
  assert.deepEqual(events.at(-2), {
    type: "done",
    reason: "done",
    step: 60,
    valLoss: (events.filter((e) => e.type === "eval").at(-1) as { valLoss: number }).valLoss,
  });
  // the same seed gives the same first losses
  const again: number[] = [];
  const abort = new AbortController();
  await streamTraining(
    { steps: 60, evalEvery: 30, seed: 3 },
    (e) => {
      if (e.type === "step") {
        again.push(e.loss);
        if (again.length === 3) abort.abort();
      }
    },
    abort.signal,
  );
  assert.deepEqual(again, losses.slice(0, 3), "stopped after the third step, as the first run began");
});

test("training: a pasted text too small, or too long, is a one-line error", async () => {
  const signal = new AbortController().signal;
  await assert.rejects(
    streamTraining({ text: "tiny" }, () => {}, signal),
    /text: 4 bytes is too small/,
  );
  await assert.rejects(
    streamTraining({ text: "x".repeat(200_001) }, () => {}, signal),
    /text: 200001 characters; the lab trains on at most 200000/,
  );
  await assert.rejects(
    streamTraining({ steps: 0 }, () => {}, signal),
    /steps: 0 is not an integer/,
  );
});
