// The browser's stand-in for native-addon.ts (the browser build of this package swaps it in): the same
// exports, no Node built-ins. There is no addon to load in a browser, so the 'latentlab-native' backend
// runs tfjs's cpu kernels there, and the fused kernels are never dispatched to it.
import type { NativeAddon } from './native-addon-types.js';

export type { NativeAddon, NativeConv2DGeometry, NativeFmaPeak, NativeInfo } from './native-addon-types.js';

/** No addon file exists in a browser. */
export const DEFAULT_ADDON_PATH = '';
export const PREBUILT_ADDON_PATH = '';

let warned = false;

/** Always false in a browser, with one console line saying why. */
export function loadNative(_addonPath?: string): boolean {
  if (!warned) {
    warned = true;
    console.warn(
      "@latentlab/tfjs-native: native kernels run in Node only; in a browser 'latentlab-native' runs tfjs's cpu kernels.",
    );
  }
  return false;
}

export function nativeAddonPath(): string | null {
  return null;
}

export function nativeAddon(): NativeAddon | null {
  return null;
}
