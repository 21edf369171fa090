// The shared tensor memory's allocator: aligned, zeroed ranges; a clear error past wasm32's 4 GiB.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { alloc, allocatedBytes, allocF32, memory } from "../../src/tensor/memory.ts";

test("alloc hands out aligned, zeroed ranges of the shared memory", () => {
  const a = alloc(10, 64);
  const b = allocF32(3);
  assert.equal(a.buffer, memory.buffer);
  assert.equal(a.byteOffset % 64, 0);
  assert.equal(b.byteOffset % 64, 0);
  assert.ok(b.byteOffset >= a.byteOffset + 10, "ranges do not overlap");
  assert.deepEqual([...a, ...b], new Array(13).fill(0));
});

test("asking for more than 4 GiB is a user error naming the limit, and allocates nothing", () => {
  const before = allocatedBytes();
  assert.throws(
    () => alloc(5 * 2 ** 30),
    (e: unknown) => e instanceof TongguanError && /out of tensor memory: .* at most 4 GiB/.test(e.message),
  );
  assert.equal(allocatedBytes(), before);
  assert.throws(() => alloc(-1), RangeError);
});
