import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, useBackend } from './backend.js';
import { tf } from './tf.js';

describe('useBackend', () => {
  it('activates the pure-JS cpu backend by name', async () => {
    expect(await useBackend('cpu')).toEqual({ name: 'cpu', tfjsBackend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('activates the native backend, whose matmul agrees with cpu', async () => {
    const a = tf.randomNormal([37, 53], 0, 1, 'float32', 1);
    const b = tf.randomNormal([53, 29], 0, 1, 'float32', 2);
    await useBackend('cpu');
    const expected = tf.matMul(a, b).dataSync();
    const active = await useBackend('native');
    expect(active).toMatchObject({ name: 'native', tfjsBackend: 'latentlab-native' });
    expect(tf.getBackend()).toBe('latentlab-native');
    const actual = tf.matMul(a, b).dataSync();
    let maxDifference = 0;
    for (let index = 0; index < expected.length; index++)
      maxDifference = Math.max(
        maxDifference,
        Math.abs((actual[index] as number) - (expected[index] as number)),
      );
    expect(maxDifference).toBeLessThan(1e-4);
    await useBackend('cpu');
  });

  it('auto falls back to cpu when no native tfjs package is installed', async () => {
    const active = await useBackend('auto');
    expect(['gpu', 'node', 'native', 'cpu']).toContain(active.name);
    expect(tf.getBackend()).toBe(active.tfjsBackend);
  });

  it.each([
    ['node', '@tensorflow/tfjs-node'],
    ['gpu', '@tensorflow/tfjs-node-gpu'],
  ] as const)(
    'a missing %s backend fails with one sentence saying how to install it',
    async (name, module) => {
      let error: unknown;
      try {
        await useBackend(name);
      } catch (caught) {
        error = caught;
      }
      // Where the package happens to be installed and loads, there is nothing to report.
      if (error === undefined) return;
      expect(error).toBeInstanceOf(BackendUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain(module);
      expect(message).toMatch(new RegExp(`npm install ${module.replace('/', '\\/')}`));
      expect(message.split('\n')).toHaveLength(1);
    },
  );

  it('rejects an unknown backend name', async () => {
    await expect(useBackend('tpu' as never)).rejects.toThrow(
      /unknown backend 'tpu'; expected one of auto, gpu, node, native, cpu/,
    );
  });
});
