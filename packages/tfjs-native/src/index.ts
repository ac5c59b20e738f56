export {
  NATIVE_BACKEND_NAME,
  type NativeBackendRegistration,
  type RegisterNativeBackendOptions,
  registerNativeBackend,
} from './backend.js';
export {
  DEFAULT_ADDON_PATH,
  loadNative,
  type NativeAddon,
  type NativeInfo,
  nativeAddon,
  nativeAddonPath,
  PREBUILT_ADDON_PATH,
} from './native-addon.js';
