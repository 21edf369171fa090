// A model runs in a browser through `tongguan/browser`: src/browser.ts bundled with esbuild, loaded
// in Debian's headless chromium (driven by playwright-core from bench/node_modules), fetches the
// kernels' WebAssembly (initWasm), builds a tiny random Llama from safetensors bytes and its
// tokenizer from tokenizer.json, and gives the logits Node gives (within 1e-4: the same wasm kernels,
// one thread there, the pool here) and the same greedily generated tokens.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { peerPath } from "../../src/bench/peers.ts";
import { readHfConfig } from "../../src/formats/config.ts";
import { generate } from "../../src/generation/generate.ts";
import { loadCausalLM } from "../../src/models/index.ts";
import { WASM_FILES } from "../../src/tensor/wasm/wasm-source.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { writeTinyHfLlama } from "../formats/tiny-hf-models.ts";
import { repoRoot } from "../helpers/fixtures.ts";

const CHROMIUM = process.env.TONGGUAN_CHROMIUM ?? "/usr/bin/chromium";
const skip = !existsSync(CHROMIUM)
  ? `skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set TONGGUAN_CHROMIUM)`
  : peerPath("playwright-core") === undefined
    ? "skipped: playwright-core is not installed (npm run bench:setup installs it into bench/node_modules)"
    : false;

const PROMPT = "Hello world";
const NEW_TOKENS = 6;
const TOLERANCE = 1e-4;

/** What the page runs: the library's browser entry, as a page would use it. */
const PAGE_SCRIPT = `(async () => {
  const t = await import(location.origin + "/browser.js");
  await t.initWasm(new URL("/wasm/", location.href));
  const get = async (p) => (await fetch(p)).arrayBuffer();
  const text = async (p) => new TextDecoder().decode(await get(p));
  const config = JSON.parse(await text("/config.json"));
  const tensors = t.tensorsFromSafetensors(new Uint8Array(await get("/model.safetensors")));
  const model = new t.Llama(config, tensors, "model.safetensors");
  const tokenizer = t.tokenizerFromJson(JSON.parse(await text("/tokenizer.json")));
  const ids = tokenizer.encode(PROMPT).ids;
  const logits = Array.from(model.newSession().forward(ids));
  const run = await t.generate(model, tokenizer, PROMPT, { maxNewTokens: NEW_TOKENS, temperature: 0 });
  return { isolated: crossOriginIsolated, ids, logits, tokens: run.generatedTokens };
})()`;

describe("tongguan/browser runs a model in chromium", { skip }, () => {
  let dir: string;
  let server: Server;
  let url: string;
  const served: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tongguan-browser-"));
    writeTinyHfLlama(join(dir, "model"), 5);
    const { build } = await import("esbuild");
    await build({
      entryPoints: [join(repoRoot, "src", "browser.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(dir, "browser.js"),
      logLevel: "silent",
    });
    const files: Record<string, [string, Buffer]> = {
      "/": ["text/html", Buffer.from("<!doctype html><title>tongguan</title>")],
      "/browser.js": ["text/javascript", readFileSync(join(dir, "browser.js"))],
      "/model.safetensors": [
        "application/octet-stream",
        readFileSync(join(dir, "model", "model.safetensors")),
      ],
      "/tokenizer.json": ["application/json", readFileSync(join(dir, "model", "tokenizer.json"))],
      "/config.json": ["application/json", Buffer.from(JSON.stringify(readHfConfig(join(dir, "model"))))],
    };
    for (const f of WASM_FILES)
      files[`/wasm/${f}`] = ["application/wasm", readFileSync(join(repoRoot, "src", "tensor", "wasm", f))];
    server = createServer((req, res) => {
      served.push(req.url ?? "");
      const file = files[req.url ?? ""];
      // Shared WebAssembly memory needs a cross-origin isolated page.
      res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
      res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": file[0] }).end(file[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test("logits within 1e-4 of Node's and the same greedy tokens", async () => {
    const model = await loadCausalLM(join(dir, "model"));
    const tokenizer = await loadTokenizer(join(dir, "model", "tokenizer.json"));
    const ids = tokenizer.encode(PROMPT).ids;
    const nodeLogits = model.newSession().forward(ids);
    const nodeRun = await generate(model, tokenizer, PROMPT, { maxNewTokens: NEW_TOKENS, temperature: 0 });

    // biome-ignore lint/suspicious/noExplicitAny: playwright-core is loaded at run time from bench/node_modules
    const { chromium } = (await import(peerPath("playwright-core")!)) as any;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e: Error) => errors.push(e.message));
      await page.goto(url);
      // A string, not a function: tsx's transform would add helpers the page does not have.
      const out = await page.evaluate(
        PAGE_SCRIPT.replaceAll("PROMPT", JSON.stringify(PROMPT)).replace("NEW_TOKENS", String(NEW_TOKENS)),
      );
      assert.deepEqual(errors, []);
      assert.equal(out.isolated, true);
      assert.deepEqual(out.ids, ids);
      assert.equal(out.logits.length, nodeLogits.length);
      let worst = 0;
      for (let i = 0; i < nodeLogits.length; i++)
        worst = Math.max(worst, Math.abs(out.logits[i] - nodeLogits[i]));
      assert.ok(worst <= TOLERANCE, `largest logit difference ${worst}`);
      assert.ok(nodeRun.generatedTokens.length > 0);
      assert.deepEqual(out.tokens, nodeRun.generatedTokens);
      // The page fetched the kernels: the model ran on WebAssembly, not the JavaScript fallback.
      assert.ok(served.includes("/wasm/kernels.wasm") && served.includes("/wasm/attention.wasm"));
    } finally {
      await browser.close();
    }
  });
});
