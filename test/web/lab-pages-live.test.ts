// The Attention, Next-token, Generation and Training pages in headless chromium (Debian's, driven by
// playwright-core through lab-harness.ts): each loads with no console errors, answers input (pick a
// head → the heatmap changes; move the temperature → the bars change; step → one more token; start →
// tokens and losses stream in) and shows the engine's own numbers.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { generate } from "../../src/generation/generate.ts";
import { traceAttention } from "../../src/instruments/attention-trace.ts";
import { probabilities } from "../../src/instruments/sampling-stages.ts";
import type { DecoderLM } from "../../src/models/index.ts";
import type { TrainingEvent } from "../../src/web/page-answers.ts";
import { streamTraining } from "../../src/web/routes/training.ts";
import { browserMissing, type Lab, launchBrowser, openPage, startLab, until } from "./lab-harness.ts";

const skip = browserMissing();
let lab: Lab;
let browser: Browser;

before(async () => {
  if (skip) return;
  lab = await startLab({ pages: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await lab?.close();
});

const attr = async (page: Page, selector: string, name: string) =>
  (await page.locator(selector).first().getAttribute(`data-${name}`)) ?? "";

/** Sets a range or number input the way a user's drag does (value, then an input event). */
async function setInput(page: Page, testId: string, value: number): Promise<void> {
  // Preact reads the input event's target value; playwright's fill() refuses range inputs
  await page.getByTestId(testId).evaluate((el, v) => {
    (el as unknown as { value: string }).value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

/** POST to a streaming route and read only the status (the body is drained). */
async function statusOf(path: string, body: unknown): Promise<number> {
  const res = await fetch(lab.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe("lab pages: attention, next token, generation, training", { skip, timeout: 120_000 }, () => {
  test("Attention: a cell is traceAttention's; picking a head changes the heatmap", async () => {
    const { page, errors } = await openPage(browser, lab, "attention");
    const main = "[data-testid=attention-main]";
    await page.locator(main).waitFor();
    const text = await page.locator(".attention-page textarea").inputValue();
    const { model, tokenizer } = lab.context;
    const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
    const n = ids.length;
    const trace = traceAttention(model, ids, { layers: [1] });
    const cell = `${main} rect[data-row="${n - 1}"][data-col="1"]`;
    assert.equal(
      await attr(page, cell, "value"),
      String(traceAttention(model, ids, { layers: [0] }).attention[0].probs[0][n - 1][1]),
    );
    await page.getByTestId("attention-layer").selectOption("1");
    await page.getByTestId("attention-head-2").click();
    await until(
      async () => (await attr(page, main, "layer")) === "1" && (await attr(page, main, "head")) === "2",
      "layer 1, head 2",
    );
    await until(
      async () => (await attr(page, cell, "value")) === String(trace.attention[0].probs[2][n - 1][1]),
      "head 2's cell",
    );
    assert.equal(
      await page.locator(`${main} rect[data-row="0"][data-col="1"]`).getAttribute("data-value"),
      "",
      "masked",
    );
    await page.getByTestId("attention-raw").check();
    await until(
      async () => (await attr(page, cell, "value")) === String(trace.attention[0].scores[2][n - 1][1]),
      "the raw score",
    );
    assert.match(
      (await page.getByTestId("attention-shapes").textContent()) ?? "",
      new RegExp(`\\(${n}, ${trace.heads}, ${trace.headDim}\\)`),
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("Next token: the top bar is the model's probability; the temperature changes the bars; step adds a token", async () => {
    const { page, errors } = await openPage(browser, lab, "next-token");
    await page.getByTestId("next-pick").waitFor();
    const text = await page.locator(".next-token-page textarea").inputValue();
    const { model, tokenizer } = lab.context;
    const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
    const session = (model as DecoderLM).newSession();
    const p = probabilities(session.forward(ids));
    session.release();
    const best = p.indexOf(Math.max(...p));
    const top = "[data-testid=next-bars] .stage-bar[data-stage=raw]";
    assert.equal(Number(await attr(page, top, "id")), best);
    assert.ok(Math.abs(Number(await attr(page, top, "p")) - p[best]) < 1e-12);
    // a hotter softmax lowers the top token
    await setInput(page, "slider-temperature", 1.6);
    const hot = "[data-testid=next-bars] .stage-bar[data-stage=temperature]";
    await until(
      async () =>
        (await page.locator(hot).count()) > 0 && Number(await attr(page, hot, "p")) < p[best] - 1e-3,
      "the temperature column of T = 1.6",
    );
    await setInput(page, "slider-topK", 3);
    const kept = page.locator("[data-testid=next-bars] .stage-bar[data-stage=top_k]:not([data-p='0'])");
    await until(async () => (await kept.count()) === 3, "three bars left after top-k");
    const count = page.getByTestId("next-count");
    const before = (await count.textContent()) ?? "";
    await page.getByTestId("next-step").click();
    await until(
      async () => ((await count.textContent()) ?? "").startsWith(`${ids.length + 1} `),
      "one more token",
    );
    assert.notEqual(await count.textContent(), before);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("Generation: both runs stream the engine's greedy text; the cache runs one token a step", async () => {
    const { page, errors } = await openPage(browser, lab, "generation");
    const prompt = await page.locator(".generation-page textarea").inputValue();
    await setInput(page, "generation-max", 6);
    await page.getByTestId("generation-start").click();
    for (const run of ["cache", "nocache"])
      await until(
        async () => (await attr(page, `[data-testid=generation-${run}]`, "steps")) === "6",
        `${run}: 6 steps`,
      );
    await until(async () => await page.getByTestId("generation-start").isEnabled(), "the end of the stream");
    const { model, tokenizer } = lab.context;
    const expected = await generate(model as DecoderLM, tokenizer, prompt, {
      temperature: 0,
      maxNewTokens: 6,
    });
    expected.session.release?.();
    for (const run of ["cache", "nocache"])
      assert.equal(await page.getByTestId(`generation-text-${run}`).textContent(), prompt + expected.text);
    const ran = await page
      .locator("[data-testid=generation-cache] tbody tr")
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-ran"))));
    assert.deepEqual(ran, [expected.promptTokens.length, 1, 1, 1, 1, 1]);
    assert.deepEqual(errors, []);
    // an over-long prompt is a clear message in the page, not a hung tab (the browser logs the 400)
    await page.locator(".generation-page textarea").fill("and the evening and the morning ".repeat(30));
    await page.getByTestId("generation-start").click();
    await page.locator(".generation-page [role=alert]").waitFor();
    assert.match((await page.locator(".generation-page [role=alert]").textContent()) ?? "", /context/);
    assert.ok(
      errors.every((e) => /status of 400/.test(e)),
      errors.join("\n"),
    );
    await page.context().close();
  });

  test("Training: the page's losses are the trainer's; a second job is busy; stop frees the lab", async () => {
    const { page, errors } = await openPage(browser, lab, "training");
    await setInput(page, "training-steps", 12);
    await page.getByTestId("training-start").click();
    const status = page.getByTestId("training-status");
    await until(async () => (await status.getAttribute("data-step")) === "12", "12 steps", 60_000);
    await page.locator("[data-testid=training-samples] li").first().waitFor();
    const expected: number[] = [];
    await streamTraining(
      { text: "", steps: 12 },
      (e: TrainingEvent) => e.type === "step" && expected.push(e.loss),
      new AbortController().signal,
    );
    assert.equal(Number(await status.getAttribute("data-loss")), expected[11]);
    assert.ok(expected[11] < expected[0]);
    // a long run holds the lab: a generation is answered "busy" at once; Stop frees the lab
    await setInput(page, "training-steps", 5000);
    await page.getByTestId("training-start").click();
    const busy = { text: "In the", maxNewTokens: 1 };
    await until(
      async () => (await statusOf("/api/generation", busy)) === 409,
      "a busy answer while training runs",
    );
    await page.getByTestId("training-stop").click();
    await until(
      async () => (await statusOf("/api/generation", { text: "In the", maxNewTokens: 1 })) === 200,
      "the lab free again",
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
