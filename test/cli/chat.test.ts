// `tongguan chat` as people use it: a base model chats through the plain transcript, Ctrl-C stops
// a reply (in a real pseudo-terminal, through util-linux's `script`), a full context drops the
// oldest turns, /help /system /reset /exit, multi-line input, sampling defaults in the stats line.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type BenchShape, writeRandomModel } from "../../src/bench/random-model.ts";
import { ChatInterrupted, ChatSession } from "../../src/generation/chat-session.ts";
import { ChatTemplate } from "../../src/generation/chat-template.ts";
import { openModel } from "../../src/generation/open-model.ts";
import { PLAIN_CHAT_TEMPLATE } from "../../src/generation/plain-chat-template.ts";
import { samplingDefaults } from "../../src/generation/sampling-defaults.ts";
import { cliPath, runCli } from "../helpers/cli.ts";
import { repoRoot } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-chat-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const home = join(dir, "home");
mkdirSync(home);

// Random weights, no chat template; big enough that a long reply takes seconds, and with a long
// context, so Ctrl-C lands while the model is still writing.
const shape = (ctx: number, hidden: number, vocab: number): BenchShape => ({
  id: "chat-test",
  name: "chat test",
  arch: "qwen2",
  layers: 4,
  hidden,
  heads: 4,
  kvHeads: 2,
  ffn: hidden * 2,
  vocab, // a random model samples EOS once in `vocab` tokens or so
  ctx,
  ropeTheta: 10000,
  specials: ["<|endoftext|>"],
});
const slow = join(dir, "slow.gguf");
writeRandomModel(slow, shape(4096, 256, 16000), "q8_0");
const small = join(dir, "small.gguf");
writeRandomModel(small, shape(96, 32, 1000), "f32");

const chat = (args: string[], input: string) => runCli(["chat", ...args], { input, env: { HOME: home } });

const stats = (out: string) => [...out.matchAll(/\[prefill (\d+) tok at .*? · stop: (\w+) · (.*?)\]/g)];

test("a model without a chat template chats through the plain transcript, announced; the stated sampling shown", async () => {
  const r = await chat([small, "-n", "4", "--seed", "1"], "Hello there\n");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /has no chat template: using tongguan's plain "User: … \/ Assistant:" transcript/);
  const s = stats(r.stdout);
  assert.equal(s.length, 1, r.stdout);
  assert.equal(s[0][3], "temp 0.7 · top-p 0.9 (tongguan's default)");
  const flags = await chat([small, "-n", "4", "--temperature", "0.3", "--top-k", "5"], "Hi\n");
  assert.equal(stats(flags.stdout)[0][3], "temp 0.3 · top-p 0.9 · top-k 5 (flags over tongguan's default)");
});

test("generation_config.json gives the sampling defaults; without its sampling keys the stated ones", () => {
  const folder = join(dir, "hf");
  mkdirSync(folder);
  const g = join(folder, "generation_config.json");
  writeFileSync(g, JSON.stringify({ do_sample: true, temperature: 0.6, top_p: 0.8, top_k: 20 }));
  assert.deepEqual(samplingDefaults(folder), {
    sampling: { temperature: 0.6, topP: 0.8, topK: 20, repetitionPenalty: undefined },
    source: "generation_config.json",
  });
  writeFileSync(g, JSON.stringify({ do_sample: false }));
  assert.deepEqual(samplingDefaults(folder).sampling, { temperature: 0 });
  writeFileSync(g, JSON.stringify({ bos_token_id: 50256, eos_token_id: 50256 })); // GPT-2's
  assert.deepEqual(samplingDefaults(folder), {
    sampling: { temperature: 0.7, topP: 0.9 },
    source: "default",
  });
  assert.equal(samplingDefaults(small).source, "default");
});

test('/help, /system, /reset, unknown commands, and \\ and """ joining lines into one message', async () => {
  const r = await chat(
    [small, "-n", "2", "--seed", "1"],
    '/help\n/system Be brief.\n/system\nline one \\\nline two\n"""\nblock a\nblock b\n"""\n/nope\n/reset\n/exit\nnever read\n',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\/system \[TEXT\]/);
  assert.match(r.stdout, /\(system message set\)\n\(system: Be brief\.\)/);
  assert.match(r.stdout, /> line one \nline two\n/);
  assert.match(r.stdout, /> block a\nblock b\n/);
  assert.equal(stats(r.stdout).length, 2, r.stdout);
  assert.match(r.stdout, /unknown command \/nope: \/help lists them/);
  assert.match(r.stdout, /\(conversation reset\)/);
  assert.doesNotMatch(r.stdout, /never read/);
});

test("a conversation longer than the context drops its oldest turns, with a notice, and goes on", async () => {
  const long = `${"word ".repeat(12).trim()}\n`;
  const r = await chat([small, "-n", "4", "--seed", "1"], long.repeat(5));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stats(r.stdout).length, 5, r.stdout); // every turn answered
  assert.match(r.stdout, /\(the context is full: the oldest \d+ messages were dropped\)/);
  const huge = await chat([small, "-n", "4"], `${"word ".repeat(200)}\n`);
  assert.match(huge.stdout, /the message is \d+ tokens with the system prompt; the context holds 96/);
});

test("ChatSession: a reply stopped through its signal keeps what was written, and the next turn goes on", async () => {
  const opened = await openModel(small);
  const session = new ChatSession(opened.model, opened.tokenizer, {
    template: new ChatTemplate(PLAIN_CHAT_TEMPLATE),
    sampling: { temperature: 1, seed: 3 },
    maxNewTokens: 40,
    stopTokens: [],
  });
  const stop = new AbortController();
  let seen = "";
  let n = 0;
  await assert.rejects(async () => {
    for await (const chunk of session.reply("Hello", { signal: stop.signal })) {
      seen += chunk.text;
      if (++n === 3) stop.abort();
    }
  }, ChatInterrupted);
  assert.deepEqual(
    session.messages.map((m) => m.role),
    ["user", "assistant"],
  );
  assert.equal(session.messages[1].content, seen);
  const next = session.reply("And then?");
  for await (const _ of next);
  assert.equal((await next.result).generatedTokens.length, 40);
  assert.equal(session.messages.length, 4);
});

const hasScript = spawnSync("script", ["--version"]).status === 0;

/** `tongguan chat …` in a pseudo-terminal; `until(text)` waits for output, `send` types. */
function inTerminal(args: string[]) {
  const command = [process.execPath, cliPath, "chat", ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", HOME: home, TERM: "dumb" },
  });
  let out = "";
  const waiters: Array<() => void> = [];
  child.stdout.on("data", (d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  const until = async (pattern: RegExp, from = 0, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(out.slice(from))) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${out}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return out.length;
  };
  return {
    send: (s: string) => child.stdin.write(s),
    until,
    exited,
    output: () => out,
    kill: () => child.kill(),
  };
}

test("in a terminal: Ctrl-C stops the reply and keeps the session; Ctrl-C twice at the prompt quits", {
  skip: hasScript ? false : "util-linux `script` is not installed (it provides the pseudo-terminal)",
  timeout: 180_000,
}, async () => {
  const t = inTerminal([slow, "-n", "3000", "--seed", "1"]);
  try {
    await t.until(/> $/);
    t.send("Hello\r");
    const at = await t.until(/Hello[\r\n]/);
    await t.until(/\S{8}/, at); // the reply has begun
    t.send("\x03");
    await t.until(/\(interrupted: the reply so far stays in the conversation\)/, at);
    assert.doesNotMatch(t.output(), /stop: length/); // it did not run to its end
    // multi-line input in the terminal: the continuation prompt
    const more = await t.until(/> $/, at);
    t.send("first \\\r");
    await t.until(/… $/, more);
    t.send("\x03"); // at a continuation: the reader is at the prompt, so this arms the quit
    await t.until(/Ctrl-C again, \/exit or Ctrl-D to quit/, more);
    t.send("\x03");
    assert.equal(await t.exited, 0);
    assert.equal(stats(t.output()).length, 0, "the unfinished message was not sent");
  } finally {
    t.kill();
  }
});
