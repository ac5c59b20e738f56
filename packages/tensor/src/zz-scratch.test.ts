import { test } from 'vitest';
import { createRng } from './rng.js';
test('x', () => {
  const h = (v: Float32Array) => Array.from(new Uint32Array(v.buffer)).map((x) => '0x' + x.toString(16).padStart(8, '0')).join(', ');
  console.log(h(createRng(0).normal(8)), Array.from(createRng(0).normal(8)));
  console.log(h(createRng(0).uniform(4)), Array.from(createRng(0).uniform(4)));
});
