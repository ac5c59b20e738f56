import { describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from './backend.js';
import { tf } from './tfjs.js';

describe('when the addon cannot load', () => {
  it('warns once and the backend runs the cpu kernels', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const registration = registerNativeBackend({ addonPath: '/nonexistent/latentlab_native.node' });
    expect(registration.native).toBe(false);
    expect(registration.nativeKernels).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^@latentlab\/tfjs-native: native kernels unavailable/);
    warn.mockRestore();

    await tf.setBackend('latentlab-native');
    expect(tf.getBackend()).toBe('latentlab-native');
    const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(product.dataSync()[0]).toBe(11);
  });
});
