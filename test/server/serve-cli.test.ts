/**
 * `tongguan serve` as a user starts it: every bad flag is one line naming it (never a stack, never a
 * server that starts and then fails every request), a busy port names the port, and the start line
 * is a URL that works.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type BenchShape, writeRandomModel } from "../../src/bench/random-model.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";

const SHAPE: BenchShape = {
  id: "tiny",
  name: "tiny",
  arch: "qwen2",
  layers: 1,
  hidden: 32,
  heads: 2,
  kvHeads: 1,
  ffn: 64,
  vocab: 300,
  ctx: 128,
  ropeTheta: 1e6,
  specials: ["<|endoftext|>"],
};
const dir = mkdtempSync(join(tmpdir(), "tongguan-serve-cli-"));
const model = join(dir, "tiny.gguf");
before(() => writeRandomModel(model, SHAPE, "f32"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The error is the first line (commander may add its usage after it), never a stack trace. */
function oneLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr.trim().split("\n")[0], pattern, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

const badFlags: [string[], RegExp][] = [
  [["--parallel", "0"], /--parallel/],
  [["--parallel", "-3"], /--parallel/],
  [["--ctx", "0"], /--ctx/],
  [["--ctx", "-5"], /--ctx/],
  [["--queue", "-1"], /--queue/],
  [["--port", "-1"], /--port/],
  [["--port", "70000"], /--port/],
  [["--threads", "0"], /--threads/],
  [["--threads", "-1"], /--threads/],
  [["--api-key", ""], /--api-key: the key is empty/],
  [["--host", "256.1.1.1"], /--host 256\.1\.1\.1/],
];
for (const [flags, message] of badFlags) {
  test(`serve ${flags.join(" ")}: refused in one line`, async () => {
    const r = await runCli(
      ["serve", model, ...flags, "--port", flags[0] === "--port" ? flags[1] : "0"].slice(
        0,
        flags[0] === "--port" ? 4 : undefined,
      ),
      {
        timeoutMs: 30_000,
      },
    );
    assert.notEqual(r.code, 0);
    oneLine(r.stderr, message);
  });
}

test("serve on a busy port: one line naming the port", async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await runCli(["serve", model, "--port", String(port)], { timeoutMs: 30_000 });
    assert.notEqual(r.code, 0);
    oneLine(r.stderr, new RegExp(`--port ${port}: 127\\.0\\.0\\.1:${port} is already in use`));
  } finally {
    blocker.close();
  }
});

/** Starts `serve`, waits for its start line, stops it; returns what it printed. */
async function startAndStop(args: string[]): Promise<string> {
  const child = spawnCli(["serve", model, "--port", "0", ...args]);
  let stderr = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${stderr}`)), 60_000);
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/serving '.*' on \S+/.test(stderr)) {
          clearTimeout(timer);
          setTimeout(resolve, 100); // a warning may follow the start line
        }
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const url = /on (http:\/\/\S+)\/v1/.exec(stderr)![1];
    assert.equal((await fetch(`${url}/health`)).status, 200, `the printed URL works: ${url}`);
    return stderr;
  } finally {
    child.kill("SIGTERM");
  }
}

test("--host ::1 is printed as a valid URL ([::1])", async (t) => {
  const probe = createServer();
  const ipv6 = await new Promise<boolean>((r) => {
    probe.once("error", () => r(false));
    probe.listen(0, "::1", () => probe.close(() => r(true)));
  });
  if (!ipv6) return t.skip("no IPv6 loopback here");
  assert.match(await startAndStop(["--host", "::1"]), /on http:\/\/\[::1\]:\d+\/v1/);
});

test("a non-loopback address without --api-key: a warning", async () => {
  assert.match(
    await startAndStop(["--host", "0.0.0.0"]),
    /warning: 0\.0\.0\.0 is reachable from other machines/,
  );
  assert.doesNotMatch(await startAndStop(["--host", "0.0.0.0", "--api-key", "k"]), /warning/);
});

test("--threads above the core count: lowered to it, with a notice", async () => {
  const n = availableParallelism();
  const out = await startAndStop(["--threads", String(n + 1000)]);
  assert.match(out, new RegExp(`--threads ${n + 1000} is more than the ${n} cores here; using ${n}`));
});
