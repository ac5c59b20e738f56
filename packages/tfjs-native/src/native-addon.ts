import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from './native-addon-types.js';

export type { NativeAddon, NativeConv2DGeometry, NativeFmaPeak, NativeInfo } from './native-addon-types.js';

/** Where `node-gyp rebuild` puts the addon, relative to this file (src/ or dist/ alike). */
export const DEFAULT_ADDON_PATH = fileURLToPath(
  new URL('../build/Release/latentlab_native.node', import.meta.url),
);

/** The binary the packed tarball carries for this platform (scripts/prebuild.cjs writes it at pack time). */
export const PREBUILT_ADDON_PATH = fileURLToPath(
  new URL(`../prebuilds/${process.platform}-${process.arch}/latentlab_native.node`, import.meta.url),
);

let loadedAddon: NativeAddon | null = null;
let loadedAddonPath: string | null = null;
let warned = false;

/**
 * Loads the native addon once: from `addonPath` when given, otherwise a source build (build/Release, made
 * at install where no prebuilt binary fits, or by a developer) and then the prebuilt binary for this
 * platform (the environment variable LATENTLAB_NATIVE_ADDON replaces both). Returns whether it is available; when none loads it prints one `console.warn` line (once per
 * process) and the backend keeps tfjs's cpu kernels.
 */
export function loadNative(addonPath?: string): boolean {
  if (loadedAddon) return true;
  // LATENTLAB_NATIVE_ADDON names another build (or, set to a missing file, turns the native kernels off).
  const override = process.env['LATENTLAB_NATIVE_ADDON'];
  const candidates = addonPath
    ? [addonPath]
    : override
      ? [override]
      : [DEFAULT_ADDON_PATH, PREBUILT_ADDON_PATH];
  const reasons: string[] = [];
  const require = createRequire(import.meta.url);
  for (const candidate of candidates) {
    let addon: NativeAddon;
    try {
      addon = require(candidate) as NativeAddon;
    } catch (error) {
      reasons.push(String((error as Error | null)?.message ?? error).split('\n')[0]!);
      continue;
    }
    applyMicroKernelOverride(addon);
    loadedAddon = addon;
    loadedAddonPath = candidate;
    return true;
  }
  if (!warned) {
    warned = true;
    console.warn(
      `@latentlab/tfjs-native: native kernels unavailable (${reasons.join('; ')}); 'latentlab-native' runs tfjs's cpu kernels. Reinstall with a C++ compiler to build them.`,
    );
  }
  return false;
}

/**
 * LATENTLAB_MICRO_KERNEL=avx2 (or avx512, neon, scalar, auto) makes every GEMM use that micro-kernel: for
 * measuring a narrower CPU's kernel on a wider one. A kernel this CPU cannot run is an error, not a silent
 * fallback.
 */
function applyMicroKernelOverride(addon: NativeAddon): void {
  const requested = process.env['LATENTLAB_MICRO_KERNEL'];
  if (!requested) return;
  if (!addon.forceMicroKernel(requested)) {
    throw new Error(
      `LATENTLAB_MICRO_KERNEL=${requested}: this CPU runs ${addon.info().supportedMicroKernels} (or auto)`,
    );
  }
}

/** The file the addon was loaded from, or null when it has not loaded. */
export function nativeAddonPath(): string | null {
  return loadedAddonPath;
}

/** The loaded addon, or null when loadNative() has not succeeded. */
export function nativeAddon(): NativeAddon | null {
  return loadedAddon;
}
