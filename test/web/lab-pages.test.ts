// The lab's pages in headless chromium (Debian's, driven by playwright-core): each page loads with no
// console errors, answers input, and shows the engine's own numbers. The shell: navigation, the
// 中文/English switch, and a clear message when the server is gone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { tokenizerByName } from "../../src/cli/views/tokenizer-names.ts";
import { traceAttention } from "../../src/instruments/attention-trace.ts";
import { moduleTree, totals } from "../../src/models/module-tree.ts";
import { sinusoidalPositions } from "../../src/nn/positions.ts";
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

/** The number a page shows in `data-<attribute>` of the first element matching `selector`. */
async function numberAt(page: Page, selector: string, attribute: string): Promise<number> {
  const el = page.locator(selector).first();
  await el.waitFor();
  return Number(await el.getAttribute(`data-${attribute}`));
}

describe("lab pages", { skip, timeout: 120_000 }, () => {
  test("Tokens: counts and ids are the tokenizers' own, and follow the text", async () => {
    const { page, errors } = await openPage(browser, lab, "tokens");
    const gpt2 = await tokenizerByName("gpt2", "test");
    const box = page.getByTestId("tokens-text");
    const first = await box.inputValue();
    await page.getByTestId("token-count-gpt2").waitFor();
    assert.equal(
      await numberAt(page, "[data-testid=token-count-gpt2]", "count"),
      gpt2.encode(first).ids.length,
    );
    const text = "The quick brown fox jumps over the lazy dog, 通关!";
    await box.fill(text);
    const count = page.getByTestId("token-count-gpt2");
    const wanted = String(gpt2.encode(text).ids.length);
    await until(
      async () => (await count.getAttribute("data-count")) === wanted,
      "gpt2's count of the new text",
    );
    const ids = JSON.parse((await page.getByTestId("token-ids-gpt2").textContent()) ?? "[]");
    assert.deepEqual(ids, gpt2.encode(text).ids);
    const model = await numberAt(page, "[data-testid=token-count-default-model]", "count");
    assert.equal(model, lab.context.tokenizer.encode(text).ids.length);
    // the merges of a word end in gpt2's tokens for it
    await page.getByTestId("trace-word").fill(" lowering");
    const steps = page.getByTestId("merge-steps").first();
    await until(
      async () => ((await steps.textContent()) ?? "").includes("lower"),
      "the merges of ' lowering'",
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("Embeddings: the analogy answers queen; the scatter is the PCA and follows the words", async () => {
    const { page, errors } = await openPage(browser, lab, "embeddings");
    const answer = page.getByTestId("analogy-answer");
    await until(async () => (await answer.textContent()) === "queen", "king − man + woman ≈ queen");
    const words = ["cat", "dog", "car", "truck"];
    await page.getByTestId("scatter-words").fill(words.join(", "));
    const points = page.locator("[data-testid=scatter] .point");
    await until(
      async () => (await points.count()) === 4 && (await points.first().getAttribute("data-label")) === "cat",
      "the scatter of 4 new words",
    );
    const expected = lab.context.vectors().project(words, 2).points;
    for (const [i, w] of words.entries()) {
      const x = await numberAt(page, `[data-testid=scatter] .point[data-label=${w}]`, "x");
      assert.ok(Math.abs(x - expected[i][0]) < 1e-9, `${w}: ${x} vs ${expected[i][0]}`);
    }
    const first = await page.locator("[data-testid=neighbours] tr th").first().textContent();
    assert.equal(first, lab.context.vectors().neighbors("king", 10)[0][0]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("Positions: a heatmap cell is nn's sinusoidal value; picking a pair turns the circle", async () => {
    const { page, errors } = await openPage(browser, lab, "positions");
    const dim = Math.min(lab.context.model.config.hiddenSize, 256);
    const pe = sinusoidalPositions(64, dim);
    const cell = await numberAt(page, "[data-testid=pe-heatmap] rect[data-row='5'][data-col='2']", "value");
    assert.ok(Math.abs(cell - pe[5 * dim + 2]) < 1e-6);
    const before = await numberAt(page, "[data-testid=rope-circle] [data-position='3']", "x");
    await page.getByTestId("rope-pair").fill("5");
    const third = page.locator("[data-testid=rope-circle] [data-position='3']");
    await until(async () => (await third.getAttribute("data-x")) !== String(before), "the circle of pair 5");
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("Model: totals and the residual norms are the engine's", async () => {
    const { page, errors } = await openPage(browser, lab, "model");
    const params = await numberAt(page, "[data-testid=model-totals]", "parameters");
    assert.equal(params, totals(moduleTree(lab.context.model)).parameters);
    const text = "And God said";
    await page.getByTestId("residual-text").fill(text);
    const ids = lab.context.tokenizer.encode(text, { addSpecialTokens: true }).ids;
    const row = page.locator("[data-testid=residual-heatmap] rect[data-row='1']");
    await until(async () => (await row.count()) === ids.length, "the residual norms of the new text");
    const trace = traceAttention(lab.context.model, ids, { layers: [] });
    const shown = await numberAt(
      page,
      "[data-testid=residual-heatmap] rect[data-row='1'][data-col='0']",
      "value",
    );
    assert.ok(Math.abs(shown - trace.norms[0].residual[0]) < 1e-4);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("shell: Chinese for a Chinese browser, the switch remembered, every page reachable", async () => {
    const { page, errors } = await openPage(browser, lab, "tokens", { locale: "zh-CN" });
    await page.locator("nav a[href='#/embeddings']").waitFor();
    assert.match((await page.locator("nav").textContent()) ?? "", /词向量/);
    await page.getByTestId("lang-switch").click();
    assert.match((await page.locator("nav").textContent()) ?? "", /Embeddings/);
    await page.reload();
    await page.locator("nav a[href='#/embeddings']").waitFor();
    assert.match((await page.locator("nav").textContent()) ?? "", /Embeddings/);
    for (const id of ["attention", "next-token", "generation", "training", "model"]) {
      await page.locator(`nav a[href='#/${id}']`).click();
      const main = page.locator("main");
      await until(async () => (await main.getAttribute("data-page")) === id, `page ${id}`);
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("a server that went away is a message in the page, not a blank screen", async () => {
    const other = await startLab({ pages: true });
    const { page } = await openPage(browser, other, "tokens");
    await page.getByTestId("token-count-gpt2").waitFor();
    await other.close();
    await page.getByTestId("tokens-text").fill("more text");
    await page.getByRole("alert").waitFor();
    assert.match((await page.getByRole("alert").textContent()) ?? "", /cannot be reached/);
    assert.ok(((await page.locator("main").textContent()) ?? "").length > 0);
    await page.context().close();
  });
});
