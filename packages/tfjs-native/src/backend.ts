import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { adamWUpdateKernelConfig } from './kernels/adamw.js';
import { nativeBatchMatMul } from './kernels/batch-mat-mul.js';
import { nativeBinaryElementwise } from './kernels/binary-elementwise.js';
import { nativeConv2D } from './kernels/conv2d.js';
import { nativeConv2DBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { nativeConv2DBackpropInput } from './kernels/conv2d-backprop-input.js';
import { emaUpdateKernelConfig } from './kernels/ema-update.js';
import { nativeFusedMatMul } from './kernels/fused-mat-mul.js';
import { geluTanhKernelConfigs } from './kernels/gelu-tanh.js';
import { layerNormKernelConfigs } from './kernels/layer-norm.js';
import { nativePad } from './kernels/pad.js';
import { nativeMax, nativeMean, nativeSum } from './kernels/reduce.js';
import { nativeSlice } from './kernels/slice.js';
import { nativeSoftmax } from './kernels/softmax.js';
import { nativeTranspose } from './kernels/transpose.js';
import { NATIVE_UNARY_KERNELS } from './kernels/unary.js';
import { nativeUnsortedSegmentSum } from './kernels/unsorted-segment-sum.js';
import { loadNative } from './native-addon.js';
import {
  attachOutputPool,
  defaultMaxPooledBytes,
  OutputBufferPool,
  outputPoolOf,
  SHARING_KERNELS,
  withoutEscapeMarking,
} from './output-buffers.js';
import { tf } from './tfjs.js';

/** tfjs's name for the backend: `tf.setBackend(NATIVE_BACKEND_NAME)`. */
export const NATIVE_BACKEND_NAME = 'latentlab-native';

/** Below cpu's priority (1), so tfjs never picks this backend on its own. */
const NATIVE_BACKEND_PRIORITY = 0;

/** Kernels with a native implementation; each wraps the cpu kernel it falls back to. */
const NATIVE_KERNELS: Readonly<Record<string, (cpuKernel: tf.KernelFunc) => tf.KernelFunc>> = {
  [tf.BatchMatMul]: nativeBatchMatMul,
  [tf._FusedMatMul]: nativeFusedMatMul,
  [tf.Add]: nativeBinaryElementwise('add'),
  [tf.Sub]: nativeBinaryElementwise('subtract'),
  [tf.Multiply]: nativeBinaryElementwise('multiply'),
  [tf.RealDiv]: nativeBinaryElementwise('divide'),
  [tf.Pow]: nativeBinaryElementwise('power'),
  [tf.SquaredDifference]: nativeBinaryElementwise('squaredDifference'),
  [tf.Maximum]: nativeBinaryElementwise('maximum'),
  [tf.Minimum]: nativeBinaryElementwise('minimum'),
  [tf.Transpose]: nativeTranspose,
  [tf.Slice]: nativeSlice,
  [tf.PadV2]: nativePad,
  [tf.Conv2D]: nativeConv2D,
  [tf.Conv2DBackpropFilter]: nativeConv2DBackpropFilter,
  [tf.Conv2DBackpropInput]: nativeConv2DBackpropInput,
  [tf.Sum]: nativeSum,
  [tf.Mean]: nativeMean,
  [tf.Max]: nativeMax,
  [tf.Softmax]: nativeSoftmax,
  [tf.UnsortedSegmentSum]: nativeUnsortedSegmentSum,
  ...NATIVE_UNARY_KERNELS,
};

export interface NativeBackendRegistration {
  /** tfjs's backend name ('latentlab-native'). */
  name: string;
  /** Whether the native addon loaded; when false the backend runs the cpu kernels only. */
  native: boolean;
  /** Kernels replaced by native ones (empty when native is false). */
  nativeKernels: string[];
}

export interface RegisterNativeBackendOptions {
  /** Path of the compiled addon (default: the package's build/Release/latentlab_native.node). */
  addonPath?: string;
}

let registration: NativeBackendRegistration | null = null;

/**
 * Registers the 'latentlab-native' tfjs backend: a fresh instance of tfjs's cpu backend (MathBackendCPU)
 * with every cpu kernel, where MatMul and fused MatMul run the native GEMM. Gradients need nothing extra:
 * they are written in terms of kernels. Idempotent; activate it with `tf.setBackend('latentlab-native')`.
 */
export function registerNativeBackend(options: RegisterNativeBackendOptions = {}): NativeBackendRegistration {
  if (registration) return registration;
  const native = loadNative(options.addonPath);
  tf.registerBackend(NATIVE_BACKEND_NAME, () => createCpuBackendInstance(native), NATIVE_BACKEND_PRIORITY);
  const nativeKernels: string[] = [];
  for (const config of tf.getKernelsForBackend('cpu')) {
    const makeNative = native ? NATIVE_KERNELS[config.kernelName] : undefined;
    if (makeNative) nativeKernels.push(config.kernelName);
    const cpuKernel = config.kernelFunc;
    tf.registerKernel({
      ...config,
      backendName: NATIVE_BACKEND_NAME,
      kernelFunc: makeNative
        ? makeNative(cpuKernel)
        : SHARING_KERNELS.has(config.kernelName)
          ? (call) => withoutEscapeMarking(() => cpuKernel(call))
          : cpuKernel,
    });
  }
  if (native) {
    // Fused kernels with no cpu counterpart; fused-ops.ts uses them where the active backend has them.
    for (const config of [
      ...geluTanhKernelConfigs(NATIVE_BACKEND_NAME),
      ...layerNormKernelConfigs(NATIVE_BACKEND_NAME),
      adamWUpdateKernelConfig(NATIVE_BACKEND_NAME),
      emaUpdateKernelConfig(NATIVE_BACKEND_NAME),
    ]) {
      tf.registerKernel(config);
      nativeKernels.push(config.kernelName);
    }
  }
  registration = { name: NATIVE_BACKEND_NAME, native, nativeKernels };
  return registration;
}

/**
 * A new MathBackendCPU built from the registered cpu backend's own class, so it belongs to the same
 * tfjs-core instance as the kernels copied from it (no second copy of tfjs-backend-cpu is imported).
 */
function createCpuBackendInstance(native: boolean): MathBackendCPU {
  const cpuBackend = tf.findBackend('cpu');
  if (!cpuBackend) throw new Error("@latentlab/tfjs-native: tfjs's 'cpu' backend is not registered");
  const CpuBackend = cpuBackend.constructor as new () => MathBackendCPU;
  const backend = new CpuBackend();
  // The cpu backend's first write prints a banner recommending tfjs-node; this backend is the native path.
  (backend as unknown as { firstUse: boolean }).firstUse = false;
  // Native kernels write into recycled arrays (output-buffers.ts); without the addon nothing would use them.
  if (native) attachOutputPool(backend, new OutputBufferPool(defaultMaxPooledBytes()));
  return backend;
}

/**
 * Frees the arrays the native backend keeps for reuse (up to LATENTLAB_NATIVE_POOL_MB, 1 GiB by default),
 * e.g. when training is over and the process goes on; returns the bytes it let go. The pool refills as
 * kernels run again.
 */
export function releaseNativeOutputBuffers(): number {
  const backend = tf.findBackend(NATIVE_BACKEND_NAME);
  const pool = backend ? outputPoolOf(backend) : undefined;
  return pool ? pool.clear() : 0;
}
