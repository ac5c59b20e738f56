import { NATIVE_BACKEND_NAME, registerNativeBackend } from '@latentlab/tfjs-native';
import { tf } from './tf.js';

/** Backends by the names latentlab users pick them. `auto` = the fastest one installed. */
export type BackendName = 'auto' | 'gpu' | 'node' | 'native' | 'cpu';

/** Every name `useBackend` accepts, in `auto`'s order of preference after `auto` itself. */
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'gpu', 'node', 'native', 'cpu'];

export interface ActiveBackend {
  /** The latentlab name of the backend that is now active. */
  name: Exclude<BackendName, 'auto'>;
  /** tfjs's own name for it ('tensorflow' for tfjs-node(-gpu), 'latentlab-native', 'cpu'). */
  tfjsBackend: string;
  /** For `native`: false when the compiled kernels could not load and tfjs's cpu kernels run instead. */
  nativeKernels?: boolean;
}

/** Thrown when a requested backend's package is not installed or cannot load; the message says how to fix it. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

interface NativeBackendPackage {
  name: 'gpu' | 'node';
  module: string;
  install: string;
  note: string;
}

const NATIVE_PACKAGES: readonly NativeBackendPackage[] = [
  {
    name: 'gpu',
    module: '@tensorflow/tfjs-node-gpu',
    install: 'npm install @tensorflow/tfjs-node-gpu',
    note: 'linux-x64 with CUDA 11.2 and cuDNN 8.1; its install step downloads libtensorflow',
  },
  {
    name: 'node',
    module: '@tensorflow/tfjs-node',
    install: 'npm install @tensorflow/tfjs-node',
    note: 'its install step downloads libtensorflow',
  },
];

function isModuleMissing(error: unknown, module: string): boolean {
  const code = (error as { code?: string } | null)?.code;
  const message = String((error as Error | null)?.message ?? '');
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return message.includes(module);
  // Bundlers and test runners (vite) word it their own way.
  return (
    /cannot find (module|package)|could not resolve|failed to (resolve|load url)/i.test(message) &&
    message.includes(module)
  );
}

/** Dynamic import through a variable so bundlers do not try to resolve the optional native packages. */
const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

async function loadNative(backend: NativeBackendPackage): Promise<ActiveBackend> {
  try {
    await importOptional(backend.module);
  } catch (error) {
    if (isModuleMissing(error, backend.module)) {
      throw new BackendUnavailableError(
        `backend '${backend.name}' needs ${backend.module}, which is not installed: run \`${backend.install}\` (${backend.note}).`,
      );
    }
    throw new BackendUnavailableError(
      `backend '${backend.name}': ${backend.module} is installed but failed to load (${(error as Error).message}).`,
    );
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new BackendUnavailableError(
      `backend '${backend.name}': ${backend.module} loaded but did not register its backend.`,
    );
  }
  return { name: backend.name, tfjsBackend: 'tensorflow' };
}

async function useCpu(): Promise<ActiveBackend> {
  await tf.setBackend('cpu');
  // The cpu backend greets Node users with a banner about tfjs-node on first use; latentlab documents the
  // backend order instead (README), so mark the backend as already used.
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
  return { name: 'cpu', tfjsBackend: 'cpu' };
}

/**
 * The project's own native CPU kernels (@latentlab/tfjs-native, a dependency). When its compiled addon
 * cannot load, tfjs-native prints one warning line and the backend runs tfjs's cpu kernels.
 */
async function useLatentlabNative(): Promise<ActiveBackend> {
  const registration = registerNativeBackend();
  if (!(await tf.setBackend(NATIVE_BACKEND_NAME))) {
    throw new BackendUnavailableError(`backend 'native': tfjs could not initialise ${NATIVE_BACKEND_NAME}.`);
  }
  return { name: 'native', tfjsBackend: NATIVE_BACKEND_NAME, nativeKernels: registration.native };
}

/**
 * Activates a tfjs backend by name. `auto` tries, in order: `gpu` (@tensorflow/tfjs-node-gpu, where it is
 * installed and loads), `node` (@tensorflow/tfjs-node), `native` (latentlab's own SIMD kernels, always
 * installed; falls back to the cpu kernels with one warning where its binary cannot load), then the pure-JS
 * `cpu` backend. Naming a backend that is not installed throws a `BackendUnavailableError` saying how to
 * install it.
 */
export async function useBackend(name: BackendName = 'auto'): Promise<ActiveBackend> {
  if (name === 'cpu') return useCpu();
  if (name === 'native') return useLatentlabNative();
  if (name === 'auto') {
    for (const backend of NATIVE_PACKAGES) {
      try {
        return await loadNative(backend);
      } catch {
        // not installed or no device: try the next one
      }
    }
    try {
      const native = await useLatentlabNative();
      // Without its binary (one warning line printed) 'native' is the cpu kernels: say so by name.
      if (native.nativeKernels) return native;
    } catch {
      // fall through to cpu
    }
    return useCpu();
  }
  const backend = NATIVE_PACKAGES.find((candidate) => candidate.name === name);
  if (!backend) {
    throw new BackendUnavailableError(
      `unknown backend '${String(name)}'; expected one of ${BACKEND_NAMES.join(', ')}.`,
    );
  }
  return loadNative(backend);
}
