import { afterEach, describe, expect, it, vi } from 'vitest';

// Each case imports a fresh copy of native-addon.ts (its load-once state reset); the addon binary itself is
// one per process, so its kernel choice is put back to 'auto' after each case.
async function freshLoad(): Promise<typeof import('./native-addon.js')> {
  vi.resetModules();
  return import('./native-addon.js');
}

describe('LATENTLAB_MICRO_KERNEL', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    const module = await freshLoad();
    module.loadNative();
    module.nativeAddon()?.forceMicroKernel('auto');
  });

  it('makes every GEMM use the named micro-kernel', async () => {
    vi.stubEnv('LATENTLAB_MICRO_KERNEL', 'scalar');
    const module = await freshLoad();
    expect(module.loadNative()).toBe(true);
    expect(module.nativeAddon()!.info().microKernel).toBe('scalar');
  });

  it('refuses a kernel this CPU cannot run, naming the ones it can', async () => {
    vi.stubEnv('LATENTLAB_MICRO_KERNEL', 'sve-2048');
    const module = await freshLoad();
    expect(() => module.loadNative()).toThrow(
      /LATENTLAB_MICRO_KERNEL=sve-2048: this CPU runs .*scalar \(or auto\)/,
    );
  });
});
