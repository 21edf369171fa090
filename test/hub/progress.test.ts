import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { formatBytes, formatDuration, TransferMeter } from "../../src/hub/index.ts";
import { createProgressRenderer } from "../../src/hub/progress-bars.ts";

test("formatBytes uses powers of 1024; formatDuration reads like a clock", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.50 KiB");
  assert.equal(formatBytes(500 * 1024 * 1024), "500 MiB");
  assert.equal(formatBytes(3 * 1024 ** 3), "3.00 GiB");
  assert.equal(formatDuration(42), "42s");
  assert.equal(formatDuration(75), "1m15s");
  assert.equal(formatDuration(7260), "2h01m");
  assert.equal(formatDuration(Number.POSITIVE_INFINITY), "?");
});

test("TransferMeter: speed over a sliding window and the ETA at that speed", () => {
  let now = 0;
  const meter = new TransferMeter(5000, () => now);
  meter.record(0);
  now = 2000;
  meter.record(5_000_000);
  assert.equal(meter.speed(), 2_500_000);
  assert.equal(meter.eta(10_000_000), 4);
  // A stall: after the window has passed without new bytes, the speed falls to 0 and the ETA to "unknown".
  now = 10_000;
  meter.record(5_000_000);
  now = 16_000;
  meter.record(5_000_000);
  assert.equal(meter.speed(), 0);
  assert.equal(meter.eta(1), Number.POSITIVE_INFINITY);
  assert.equal(meter.eta(0), 0);
});

test("without a terminal, progress is a few plain lines on the given stream", () => {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d) => {
    text += d;
  });
  const r = createProgressRenderer(out as unknown as NodeJS.WriteStream, { tty: false, intervalMs: 0 });
  const base = { repoId: "org/m" };
  r.onProgress({
    ...base,
    status: "plan",
    commit: "0123456789abcdef",
    files: [{ path: "w.bin", size: 2048 }],
    total: 2048,
  });
  r.onProgress({ ...base, status: "download", file: "w.bin", total: 2048, resumedFrom: 1024 });
  r.onProgress({ ...base, status: "progress", file: "w.bin", loaded: 2048, total: 2048 });
  r.onProgress({ ...base, status: "done", file: "w.bin", size: 2048, cached: false });
  r.stop();
  const lines = text.trim().split("\n");
  assert.equal(lines[0], "org/m @ 0123456789: 1 file(s), 2.00 KiB");
  assert.equal(lines[1], "w.bin: resuming at 1.00 KiB");
  assert.match(lines[2], /^total 100% 2\.00 KiB\/2\.00 KiB .*\/s ETA 0s$/);
  assert.ok(lines.includes("done   w.bin (2.00 KiB)"));
  assert.ok(!text.includes("\x1b["), "no terminal escapes");
});

test("on a terminal, bars show each file and the total with bytes, speed and ETA", async () => {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  out.isTTY = true;
  out.columns = 120;
  let text = "";
  (out as unknown as PassThrough).on("data", (d) => {
    text += d;
  });
  const r = createProgressRenderer(out);
  const base = { repoId: "org/m" };
  r.onProgress({
    ...base,
    status: "plan",
    commit: "0123456789abcdef",
    files: [{ path: "w.bin", size: 4096 }],
    total: 4096,
  });
  r.onProgress({ ...base, status: "download", file: "w.bin", total: 4096, resumedFrom: 0 });
  await new Promise((ok) => setTimeout(ok, 150));
  r.onProgress({ ...base, status: "progress", file: "w.bin", loaded: 1024, total: 4096 });
  await new Promise((ok) => setTimeout(ok, 300)); // cli-progress redraws on its own timer
  r.stop();
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
  assert.match(plain, /w\.bin +\S+ +25% 1\.00 KiB\/4\.00 KiB +[\d.]+ (B|KiB)\/s ETA \d+s/);
  assert.match(plain, /total +\S+ +25% 1\.00 KiB\/4\.00 KiB/);
});
