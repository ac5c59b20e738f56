export {
  NATIVE_BACKEND_NAME,
  type NativeBackendRegistration,
  type RegisterNativeBackendOptions,
  registerNativeBackend,
  releaseNativeOutputBuffers,
} from './backend.js';
export {
  type AdamWUpdateResult,
  fusedAdamWUpdate,
  fusedEmaUpdate,
  fusedGeluTanh,
  fusedLayerNorm,
} from './fused-ops.js';
export { ADAMW_UPDATE_KERNEL, type AdamWUpdateAttrs } from './kernels/adamw.js';
export { EMA_UPDATE_KERNEL, type EmaUpdateAttrs } from './kernels/ema-update.js';
export { GELU_TANH_GRADIENT_KERNEL, GELU_TANH_KERNEL } from './kernels/gelu-tanh.js';
export { LAYER_NORM_GRADIENT_KERNEL, LAYER_NORM_KERNEL } from './kernels/layer-norm.js';
export {
  DEFAULT_ADDON_PATH,
  loadNative,
  type NativeAddon,
  type NativeFmaPeak,
  type NativeInfo,
  nativeAddon,
  nativeAddonPath,
  PREBUILT_ADDON_PATH,
} from './native-addon.js';
export { tf } from './tfjs.js';
