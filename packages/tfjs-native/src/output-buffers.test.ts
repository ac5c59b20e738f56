import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_BACKEND_NAME, registerNativeBackend, releaseNativeOutputBuffers } from './backend.js';
import { OutputBufferPool, outputPoolOf } from './output-buffers.js';
import { seededValues } from './test-support/compare.js';
import { tf } from './tfjs.js';

registerNativeBackend();

const SIZE = 4099; // one length no other test here produces, so reuse is attributable

function nativePool(): OutputBufferPool {
  const pool = outputPoolOf(tf.findBackend(NATIVE_BACKEND_NAME)!);
  if (!pool) throw new Error('the native backend has no output pool');
  return pool;
}

/** A native kernel's output of SIZE values: a + 1. */
function nativeOutput(values: Float32Array): tf.Tensor {
  return tf.tidy(() => tf.add(tf.tensor1d(values), 1));
}

/** Runs enough same-sized native kernels that any free array of SIZE values gets handed out and written. */
function churn(length = SIZE): void {
  for (let round = 0; round < 8; round++) {
    tf.tidy(() => tf.mul(tf.add(tf.tensor1d(seededValues(length, 900 + round)), 3), 7));
  }
}

describe('native output pool', () => {
  beforeAll(async () => {
    await tf.setBackend(NATIVE_BACKEND_NAME);
  });

  it('hands a disposed native output to the next native kernel of that size', () => {
    const pool = nativePool();
    const first = nativeOutput(seededValues(SIZE, 1));
    first.dispose();
    const before = pool.reuseCount;
    const second = nativeOutput(seededValues(SIZE, 2));
    expect(pool.reuseCount).toBe(before + 1);
    expect(Array.from(second.dataSync())).toEqual(
      Array.from(seededValues(SIZE, 2), (value) => Math.fround(value + 1)),
    );
    second.dispose();
  });

  it('never reuses an array dataSync handed out, even after its tensor is gone', () => {
    const values = tf.tidy(() => nativeOutput(seededValues(SIZE, 3)).dataSync());
    const copy = Array.from(values);
    churn();
    expect(Array.from(values)).toEqual(copy);
  });

  it('never reuses an array the caller passed to tf.tensor', () => {
    const mine = seededValues(SIZE, 4);
    const copy = Array.from(mine);
    tf.tensor1d(mine).dispose();
    churn();
    expect(Array.from(mine)).toEqual(copy);
  });

  it('never reuses an array a cpu kernel read (cpu split keeps subarray views of its input)', () => {
    const input = nativeOutput(seededValues(SIZE * 2, 5));
    const expected = Array.from(seededValues(SIZE * 2, 5), (value) => Math.fround(value + 1));
    const halves = tf.tidy(() => tf.split(tf.reshape(input, [2, SIZE]), 2));
    input.dispose();
    churn(SIZE * 2);
    expect([...halves[0]!.dataSync(), ...halves[1]!.dataSync()]).toEqual(expected);
    for (const half of halves) half.dispose();
  });

  it('keeps an array alive while a reshape shares it, and reuses it after the last reference goes', () => {
    const pool = nativePool();
    const original = nativeOutput(seededValues(SIZE, 6));
    const reshaped = tf.reshape(original, [1, SIZE]);
    original.dispose();
    churn();
    const reusedBefore = pool.reuseCount;
    expect(Array.from(tf.tidy(() => tf.sub(reshaped, 1)).dataSync())).toEqual(
      Array.from(seededValues(SIZE, 6), (value) => Math.fround(Math.fround(value + 1) - 1)),
    );
    reshaped.dispose();
    nativeOutput(seededValues(SIZE, 7)).dispose();
    expect(pool.reuseCount).toBeGreaterThan(reusedBefore);
  });
});

describe('releaseNativeOutputBuffers', () => {
  it('lets every free array go and reports the bytes', async () => {
    await tf.setBackend(NATIVE_BACKEND_NAME);
    nativeOutput(seededValues(SIZE, 8)).dispose();
    const held = nativePool().freeBytes;
    expect(held).toBeGreaterThanOrEqual(4 * SIZE);
    expect(releaseNativeOutputBuffers()).toBe(held);
    expect(nativePool().freeBytes).toBe(0);
  });
});

describe('OutputBufferPool', () => {
  it('keeps free arrays up to its byte cap only, and none at cap 0', () => {
    const pool = new OutputBufferPool(4 * 10);
    const small = pool.allocate(10);
    const large = pool.allocate(11);
    pool.release(large); // 44 bytes > 40: dropped
    pool.release(small);
    expect(pool.allocate(11)).not.toBe(large);
    expect(pool.allocate(10)).toBe(small);
    const off = new OutputBufferPool(0);
    const array = off.allocate(3);
    off.release(array);
    expect(off.allocate(3)).not.toBe(array);
    expect(off.reuseCount).toBe(0);
  });

  it('makes room for a newly freed array by letting the longest-free ones go', () => {
    const pool = new OutputBufferPool(4 * 30);
    const [first, second, third] = [pool.allocate(10), pool.allocate(10), pool.allocate(10)];
    for (const array of [first, second, third]) pool.release(array);
    expect(pool.freeBytes).toBe(120);
    const wide = pool.allocate(20); // fresh: no free array of 20
    pool.release(wide); // 80 bytes more: `first` and `second`, released longest ago, make room
    expect(pool.freeBytes).toBe(120);
    expect(pool.allocate(20)).toBe(wide);
    expect(pool.allocate(10)).toBe(third);
    const fresh = pool.allocate(10);
    expect([first, second]).not.toContain(fresh);
  });

  it('ignores arrays it did not allocate, escaped ones and a second release', () => {
    const pool = new OutputBufferPool(1 << 20);
    const foreign = new Float32Array(5);
    pool.release(foreign);
    expect(pool.allocate(5)).not.toBe(foreign);
    const escaped = pool.allocate(6);
    pool.markEscaped(escaped);
    pool.release(escaped);
    expect(pool.allocate(6)).not.toBe(escaped);
    const twice = pool.allocate(7);
    pool.release(twice);
    pool.release(twice);
    expect(pool.allocate(7)).toBe(twice);
    expect(pool.allocate(7)).not.toBe(twice);
  });
});
