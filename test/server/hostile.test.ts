/**
 * The server against hostile or unlucky clients: other origins, the wrong content type, keys,
 * bursts, failures inside a request, idle sockets. Each case is one found by an attack run.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { describe, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import type { Engine } from "../../src/server/engine.ts";
import { JSON_TYPE, listen, reverseEngine } from "./reverse-engine.ts";

const chat = (content = "abc", extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: "user", content }], ...extra });

async function post(url: string, body: string, headers: Record<string, string> = JSON_TYPE) {
  const r = await fetch(`${url}/v1/chat/completions`, { method: "POST", headers, body });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

describe("server: browsers and origins", () => {
  test("same-origin by default: no CORS headers, and a preflight allows nothing", async () => {
    const s = await listen({ engine: reverseEngine() });
    try {
      const r = await fetch(`${s.url}/v1/models`, { headers: { Origin: "http://evil.example" } });
      assert.equal(r.headers.get("access-control-allow-origin"), null);
      const pre = await fetch(`${s.url}/v1/chat/completions`, {
        method: "OPTIONS",
        headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "POST" },
      });
      assert.equal(pre.headers.get("access-control-allow-origin"), null);
      assert.equal(pre.headers.get("access-control-allow-methods"), null);
    } finally {
      await s.close();
    }
  });

  test("--cors ORIGIN: that origin, and only it, may call", async () => {
    const s = await listen({ engine: reverseEngine(), cors: "http://lab.example" });
    try {
      const ok = await fetch(`${s.url}/v1/models`, { headers: { Origin: "http://lab.example" } });
      assert.equal(ok.headers.get("access-control-allow-origin"), "http://lab.example");
      const other = await fetch(`${s.url}/v1/models`, { headers: { Origin: "http://evil.example" } });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
    } finally {
      await s.close();
    }
  });

  test("a body that is not sent as application/json is refused with 415 (no 'simple' cross-site POST)", async () => {
    const s = await listen({ engine: reverseEngine() });
    try {
      const r = await post(s.url, chat(), { "Content-Type": "text/plain" });
      assert.equal(r.status, 415);
      assert.match(r.text, /application\/json/);
      assert.equal(
        (await post(s.url, chat(), { "Content-Type": "application/json; charset=utf-8" })).status,
        200,
      );
    } finally {
      await s.close();
    }
  });
});

describe("server: keys, model ids, busy", () => {
  test("the Bearer scheme is case-insensitive; a wrong key is 401", async () => {
    const s = await listen({ engine: reverseEngine(), apiKey: "sekret" });
    try {
      const get = (auth: string) => fetch(`${s.url}/v1/models`, { headers: { Authorization: auth } });
      assert.equal((await get("bearer sekret")).status, 200);
      assert.equal((await get("BEARER sekret")).status, 200);
      assert.equal((await get("Bearer sekreT")).status, 401);
      assert.equal((await get("Basic sekret")).status, 401);
    } finally {
      await s.close();
    }
  });

  test("one model served: any model id selects it, and /v1/models says so", async () => {
    const s = await listen({ engine: reverseEngine() });
    try {
      for (const model of ["reverse", "reverse.gguf", "gpt-4o"]) {
        const r = await post(s.url, chat("ab", { model }));
        assert.equal(r.status, 200, r.text);
        assert.equal(JSON.parse(r.text).model, "reverse");
      }
      const list = (await (await fetch(`${s.url}/v1/models`)).json()) as { data: Record<string, unknown>[] };
      assert.equal(list.data[0].any_model_id_accepted, true);
    } finally {
      await s.close();
    }
  });

  test("429 carries Retry-After; an aborted request is logged as 499", async () => {
    const logs: string[] = [];
    const s = await listen({
      engine: reverseEngine(30),
      parallel: 1,
      queueSize: 0,
      log: (l) => logs.push(l),
    });
    try {
      const controller = new AbortController();
      const first = fetch(`${s.url}/v1/chat/completions`, {
        method: "POST",
        headers: JSON_TYPE,
        body: chat("x".repeat(40), { stream: true }),
        signal: controller.signal,
      });
      const reader = (await first).body!.getReader();
      await reader.read();
      const busy = await post(s.url, chat());
      assert.equal(busy.status, 429);
      assert.match(busy.headers.get("retry-after") ?? "", /^\d+$/);
      controller.abort();
      const deadline = Date.now() + 3000;
      while (!logs.some((l) => / 499 /.test(l)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(
        logs.some((l) => /^POST \/v1\/chat\/completions 499 /.test(l)),
        logs.join("\n"),
      );
    } finally {
      await s.close();
    }
  });
});

/** An engine whose generation throws `err` on its first `times` requests. */
function failing(err: Error, times = Number.POSITIVE_INFINITY): Engine {
  const engine = reverseEngine();
  let n = 0;
  return {
    ...engine,
    generate(prompt, params, signal) {
      if (n++ < times)
        return (async function* (): ReturnType<Engine["generate"]> {
          if (signal) throw err;
          yield* [];
          return { finishReason: "stop", promptTokens: 0, completionTokens: 0, tail: "" };
        })();
      return engine.generate(prompt, params, signal);
    },
  };
}

describe("server: failures inside a request", () => {
  test("an internal error is a 500 without its text; the log has it", async () => {
    const logs: string[] = [];
    const s = await listen({
      engine: failing(new Error("secret /home/me/internal detail")),
      log: (l) => logs.push(l),
    });
    try {
      for (const stream of [false, true]) {
        const r = await post(s.url, chat("ab", { stream }));
        assert.equal(r.status, 500, `stream ${stream}: ${r.text}`);
        assert.doesNotMatch(r.text, /secret|internal detail/);
        assert.equal(JSON.parse(r.text).error.type, "server_error");
      }
      assert.ok(logs.some((l) => /secret \/home\/me\/internal detail/.test(l)));
    } finally {
      await s.close();
    }
  });

  test("out of tensor memory in one request is a 503, and the next request is answered", async () => {
    const oom = new TongguanError(
      "out of tensor memory: 4.10 GiB needed, WebAssembly memory holds at most 4 GiB",
    );
    const s = await listen({ engine: failing(oom, 1), log: () => {} });
    try {
      const r = await post(s.url, chat("ab"));
      assert.equal(r.status, 503, r.text);
      assert.equal(JSON.parse(r.text).error.type, "server_error");
      const next = await post(s.url, chat("ab"));
      assert.equal(next.status, 200);
      assert.equal(JSON.parse(next.text).choices[0].message.content, "ba");
    } finally {
      await s.close();
    }
  });

  test("a streamed request with an invalid prompt gets its 400 before any 200", async () => {
    const s = await listen({ engine: { ...reverseEngine(), vocabSize: 1000 } });
    try {
      const r = await fetch(`${s.url}/v1/completions`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ prompt: [5, 999_999], stream: true }),
      });
      assert.equal(r.status, 400);
      assert.match(await r.text(), /token id 999999 is outside the vocabulary/);
    } finally {
      await s.close();
    }
  });

  test("a prompt longer than the context could hold is refused before it is tokenized", async () => {
    let tokenized = 0;
    const engine = reverseEngine();
    const counting: Engine = {
      ...engine,
      tokenize: (text, add) => {
        tokenized++;
        return engine.tokenize(text, add);
      },
    };
    const s = await listen({ engine: counting });
    try {
      const r = await post(s.url, chat("x".repeat(900_000)));
      assert.equal(r.status, 400);
      assert.equal(JSON.parse(r.text).error.code, "context_length_exceeded");
      assert.equal(tokenized, 0);
    } finally {
      await s.close();
    }
  });
});

describe("server: connections", () => {
  test("idle sockets that never send headers are closed, and a real client gets in", async () => {
    const s = await listen({ engine: reverseEngine(), maxConnections: 8, headersTimeoutMs: 300 });
    const sockets: Socket[] = [];
    let closed = 0;
    try {
      const port = Number(new URL(s.url).port);
      for (let i = 0; i < 20; i++) {
        const sock = connect(port, "127.0.0.1");
        sock.on("error", () => {});
        sock.on("close", () => closed++);
        sockets.push(sock);
      }
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(closed, 20, "past the limit dropped at once, the others after the header timeout");
      const r = await fetch(`${s.url}/health`, { signal: AbortSignal.timeout(3000) });
      assert.equal(r.status, 200);
    } finally {
      for (const sock of sockets) sock.destroy();
      await s.close();
    }
  });
});
