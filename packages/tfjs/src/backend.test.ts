import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, useBackend } from './backend.js';
import { tf } from './tf.js';

describe('useBackend', () => {
  it('activates the pure-JS cpu backend by name', async () => {
    expect(await useBackend('cpu')).toEqual({ name: 'cpu', tfjsBackend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto falls back to cpu when no native tfjs package is installed', async () => {
    const active = await useBackend('auto');
    expect(['gpu', 'node', 'cpu']).toContain(active.name);
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
      /unknown backend 'tpu'; expected one of auto, gpu, node, cpu/,
    );
  });
});
