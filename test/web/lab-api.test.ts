// The lab's API against the engine objects it wraps (no browser): token ids = the tokenizer's
// encode, neighbours = KeyedVectors' mostSimilar, positions = nn's tables, norms = the trace's;
// bad input → 400 with one line naming the field; the static files stay inside their folder; the
// server refuses foreign Host headers and the CLI binds 127.0.0.1.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { tokenizerByName } from "../../src/cli/views/tokenizer-names.ts";
import { traceAttention } from "../../src/instruments/attention-trace.ts";
import { moduleTree, totals } from "../../src/models/module-tree.ts";
import { sinusoidalPositions } from "../../src/nn/positions.ts";
import { Rope } from "../../src/nn/rope.ts";
import { startEvents } from "../../src/web/events.ts";
import type { LabRoute } from "../../src/web/lab-route.ts";
import { fileFor } from "../../src/web/static-files.ts";
import { spawnCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { type Lab, startLab } from "./lab-harness.ts";

let lab: Lab;
before(async () => {
  lab = await startLab({
    tokenizers: fixturesMissing("tokenizers/qwen2") ? [] : [fixture("tokenizers/qwen2")],
  });
});
after(() => lab.close());

describe("GET /api/lab", () => {
  test("names the loaded model and its shape", async () => {
    const { status, json } = await lab.call("/api/lab");
    assert.equal(status, 200);
    assert.equal(json.model.name, "default-model");
    assert.equal(json.model.architecture, lab.context.model.config.architecture);
    assert.equal(json.model.layers, lab.context.model.config.numLayers);
    assert.equal(json.model.contextLength, lab.context.model.contextLength);
  });
});

describe("Tokens", () => {
  test("lists the model's tokenizer first, then js-tiktoken's", async () => {
    const { json } = await lab.call("/api/tokenizers");
    const names = json.tokenizers.map((t: { name: string }) => t.name);
    assert.equal(json.model, "default-model");
    assert.equal(names[0], "default-model");
    for (const n of ["gpt2", "cl100k_base", "o200k_base"]) assert.ok(names.includes(n), n);
  });

  test("ids are each tokenizer's encode, pieces its chips", async () => {
    const text = "Hello world! 饕餮 tokenization";
    const { status, json } = await lab.call("/api/tokens", {
      text,
      tokenizers: ["default-model", "cl100k_base"],
    });
    assert.equal(status, 200);
    assert.equal(json.chars, [...text].length);
    assert.equal(json.bytes, Buffer.byteLength(text));
    const model = json.results[0];
    assert.deepEqual(model.ids, lab.context.tokenizer.encode(text).ids);
    assert.equal(model.count, model.ids.length);
    const cl100k = json.results[1];
    assert.deepEqual(cl100k.ids, (await tokenizerByName("cl100k_base", "test")).encode(text).ids);
    // "饕餮" under cl100k is cut inside its characters: some chips are byte pieces
    assert.ok(
      cl100k.pieces.some((p: { partial: boolean; label: string }) => p.partial && p.label.startsWith("<")),
    );
    assert.deepEqual(
      cl100k.pieces.map((p: { id: number }) => p.id),
      cl100k.ids,
    );
  });

  test("a --tokenizers folder is offered under its folder name", {
    skip: fixturesMissing("tokenizers/qwen2"),
  }, async () => {
    const text = "你好，世界";
    const shelf = (await lab.call("/api/tokenizers")).json.tokenizers as { name: string; source: string }[];
    const entry = shelf.find((t) => t.source === fixture("tokenizers/qwen2"));
    assert.equal(entry?.name.replace(/-\d+$/, ""), "qwen2", "named after its folder");
    const { json } = await lab.call("/api/tokens", { text, tokenizers: [entry?.name] });
    const { loadTokenizer } = await import("../../src/tokenizers/index.ts");
    const qwen = await loadTokenizer(fixture("tokenizers/qwen2"));
    assert.deepEqual(json.results[0].ids, qwen.encode(text).ids);
  });

  test("the merge trace ends in the tokenizer's own tokens", async () => {
    const { status, json } = await lab.call("/api/tokens/trace", {
      text: " tokenization",
      tokenizer: "gpt2",
    });
    assert.equal(status, 200);
    assert.equal(json.model, "bpe");
    const word = json.words[0];
    const gpt2 = await tokenizerByName("gpt2", "test");
    assert.deepEqual(word.ids, gpt2.encode(" tokenization").ids);
    assert.ok(word.merges.length > 0);
    assert.deepEqual(word.merges.at(-1).symbols, word.pieces);
  });

  test("bad input: 400 with one line naming the field", async () => {
    for (const [body, field] of [
      [{ text: 5 }, "'text'"],
      [{ text: "a", tokenizers: ["nope"] }, "'tokenizers'"],
      [{ text: "a", tokenizers: "gpt2" }, "'tokenizers'"],
      [{ text: "x".repeat(20_001) }, "'text'"],
    ] as const) {
      const { status, json } = await lab.call("/api/tokens", body);
      assert.equal(status, 400, JSON.stringify(body).slice(0, 60));
      assert.ok(json.error.message.includes(field), json.error.message);
      assert.ok(!json.error.message.includes("\n"));
    }
  });
});

describe("Embeddings", () => {
  test("neighbours and analogies are KeyedVectors' own", async () => {
    const v = lab.context.vectors();
    const n = await lab.call("/api/embeddings/neighbors", { word: "king", topn: 5 });
    assert.deepEqual(n.json.neighbors, v.mostSimilar({ positive: ["king"], topn: 5 }));
    const a = await lab.call("/api/embeddings/analogy", {
      positive: ["king", "woman"],
      negative: ["man"],
      topn: 3,
    });
    assert.deepEqual(
      a.json.results,
      v.mostSimilar({ positive: ["king", "woman"], negative: ["man"], topn: 3 }),
    );
    assert.equal(a.json.results[0][0], "queen");
  });

  test("the projection is PCA of the words' vectors, the matrix their cosines", async () => {
    const v = lab.context.vectors();
    const words = ["king", "queen", "man", "woman"];
    const p = await lab.call("/api/embeddings/project", { words });
    assert.deepEqual(p.json.points, v.project(words, 2).points);
    const s = await lab.call("/api/embeddings/similarity", { words });
    assert.equal(s.json.matrix[0][1], v.similarity("king", "queen"));
  });

  test("a word outside the vocabulary is a 400 naming it", async () => {
    const { status, json } = await lab.call("/api/embeddings/neighbors", { word: "qqqzzzxx" });
    assert.equal(status, 400);
    assert.match(json.error.message, /qqqzzzxx/);
    const two = await lab.call("/api/embeddings/project", { words: ["king"] });
    assert.equal(two.status, 400);
    assert.match(two.json.error.message, /'words'/);
  });
});

describe("Positions", () => {
  test("the sinusoidal table is nn/positions.ts's", async () => {
    const { json } = await lab.call("/api/positions/sinusoidal", { count: 8, dim: 16 });
    const pe = sinusoidalPositions(8, 16);
    assert.equal(json.table.length, 8);
    assert.equal(json.table[5][3], pe[5 * 16 + 3]);
  });

  test("a RoPE pair turns by p·θᵢ (nn/rope.ts)", async () => {
    const { json } = await lab.call("/api/positions/rope", { headDim: 8, theta: 10000, count: 5, pair: 1 });
    const rope = new Rope({ headDim: 8, theta: 10000, layout: "neox" });
    assert.equal(json.freqs[1], rope.freqs[1]);
    for (let p = 0; p < 5; p++) {
      const angle = p * rope.freqs[1];
      assert.ok(Math.abs(json.points[p][0] - Math.cos(angle)) < 1e-6);
      assert.ok(Math.abs(json.points[p][1] - Math.sin(angle)) < 1e-6);
    }
  });

  test("q·k depends on the distance only", async () => {
    const a = await lab.call("/api/positions/distance", { dim: 32, maxDistance: 20, offset: 0 });
    const b = await lab.call("/api/positions/distance", { dim: 32, maxDistance: 20, offset: 7 });
    assert.equal(a.json.rope[0].toFixed(4), "1.0000");
    for (let d = 0; d <= 20; d++) {
      assert.ok(Math.abs(a.json.rope[d] - b.json.rope[d]) < 1e-5, `rope Δ=${d}`);
      assert.ok(Math.abs(a.json.sinusoidal[d] - b.json.sinusoidal[d]) < 1e-5, `sin Δ=${d}`);
    }
  });

  test("an odd width is a 400 naming the field", async () => {
    const { status, json } = await lab.call("/api/positions/sinusoidal", { count: 4, dim: 7 });
    assert.equal(status, 400);
    assert.match(json.error.message, /'dim'/);
  });
});

describe("Model", () => {
  test("the tree's totals are module-tree's", async () => {
    const { json } = await lab.call("/api/model");
    const t = totals(moduleTree(lab.context.model));
    assert.equal(json.totals.parameters, t.parameters);
    assert.equal(json.config.numLayers, lab.context.model.config.numLayers);
    assert.equal(json.tree.type, moduleTree(lab.context.model).type);
  });

  test("the residual norms are the trace's", async () => {
    const text = "In the beginning";
    const { json } = await lab.call("/api/model/residual", { text });
    const ids = lab.context.tokenizer.encode(text, { addSpecialTokens: true }).ids;
    const trace = traceAttention(lab.context.model, ids, { layers: [] });
    assert.deepEqual(json.ids, ids);
    assert.deepEqual(json.norms[1].residual, trace.norms[1].residual);
    assert.deepEqual(json.embedNorms, trace.embedNorms);
  });

  test("a text longer than the context is a 400 saying so", async () => {
    const { status, json } = await lab.call("/api/model/residual", { text: "and the earth ".repeat(200) });
    assert.equal(status, 400);
    assert.match(json.error.message, /more than the \d+ the model/);
  });
});

describe("the server", () => {
  test("unknown routes 404, wrong methods 405, non-JSON bodies 415", async () => {
    assert.equal((await lab.call("/api/nothing")).status, 404);
    assert.equal((await lab.call("/api/tokens")).status, 405);
    const res = await fetch(`${lab.url}/api/tokens`, { method: "POST", body: "text=a" });
    assert.equal(res.status, 415);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /application\/json/);
  });

  test("the built pages are served with their content types", async () => {
    const withPages = await startLab({ pages: true });
    try {
      for (const [path, type, holds] of [
        ["/", "text/html; charset=utf-8", 'src="app.js"'],
        ["/app.js", "text/javascript; charset=utf-8", "/api/lab"],
        ["/styles.css", "text/css; charset=utf-8", ".shell"],
      ] as const) {
        const res = await fetch(withPages.url + path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get("content-type"), type, path);
        assert.ok((await res.text()).includes(holds), `${path} holds ${holds}`);
      }
      assert.equal((await fetch(`${withPages.url}/nothing.js`)).status, 404);
    } finally {
      await withPages.close();
    }
  });

  test("static paths never leave the pages' folder", async () => {
    const root = "/srv/web";
    assert.equal(fileFor(root, "/../package.json"), undefined);
    assert.equal(fileFor(root, "/%2e%2e/package.json"), undefined);
    assert.equal(fileFor(root, "/..%2fpackage.json"), undefined);
    assert.equal(fileFor(root, "/%E0%A4%A"), undefined);
    for (const path of ["/../package.json", "/%2e%2e/%2e%2e/etc/passwd", "/.git/config"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(lab.url);
        // raw path: fetch() would normalise the dots away before sending
        request({ host: url.hostname, port: url.port, path }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on("error", reject)
          .end();
      });
      assert.equal(status, 404, path);
    }
  });

  test("a request addressed to another host name is refused (DNS rebinding)", async () => {
    const url = new URL(lab.url);
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: url.hostname, port: url.port, path: "/api/lab", headers: { Host: "evil.example:80" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on("error", reject)
        .end();
    });
    assert.equal(status, 403);
  });

  test("`tongguan lab` binds 127.0.0.1 and prints its URL", { timeout: 60_000 }, async () => {
    const child = spawnCli(["lab", "--port", "0"]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = "";
        child.stderr.on("data", (d) => {
          err += d;
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`lab exited with ${code}: ${err}`)));
      });
      const res = await fetch(`${url}api/lab`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { model: { name: string } }).model.name, "default-model");
    } finally {
      child.kill("SIGTERM");
    }
  });

  test("`tongguan lab` with a missing --tokenizers path: one line naming it", {
    timeout: 60_000,
  }, async () => {
    const { runCli } = await import("../helpers/cli.ts");
    const r = await runCli(["lab", "--port", "0", "--tokenizers", "no/such/dir"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /^tongguan: no\/such\/dir: --tokenizers: no such file or folder$/);
  });
});

test("a route may stream Server-Sent Events through req.response", async () => {
  const stream: LabRoute = {
    method: "GET",
    path: "/api/count",
    handler: (_ctx, req) => {
      const events = startEvents(req);
      for (let i = 0; i < 3; i++) events.send("step", { i });
      events.end();
    },
  };
  const other = await startLab({ routes: [stream] });
  try {
    const res = await fetch(`${other.url}/api/count`);
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const text = await res.text();
    assert.equal(text, [0, 1, 2].map((i) => `event: step\ndata: {"i":${i}}\n\n`).join(""));
  } finally {
    await other.close();
  }
});
