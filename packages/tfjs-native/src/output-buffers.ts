import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * Recycled output arrays for the native kernels.
 *
 * A tfjs cpu-style backend gives every kernel output a new Float32Array. Large arrays come from fresh
 * pages, and the page faults cost more than the kernel: writing 6.4 MB into a new array takes ~2 ms on the
 * 2-core reference machine, into a reused one ~0.2 ms. A DiT training step frees and allocates the same
 * sizes hundreds of times, so this pool keeps the arrays of disposed tensors and hands them to the next
 * native kernel that needs that many values.
 *
 * An array is only reused when nothing else can still see it. It must have come from this pool (arrays a
 * user passed to `tf.tensor` are never reused), and no code outside the native kernels may have read it:
 * `readSync`/`dataSync`, or any cpu kernel, reads through the backend's data storage, and every such read
 * marks the array as escaped for good — the cpu kernels may keep views of their inputs (Slice returns a
 * `subarray`). The bookkeeping methods (reference counts, disposal) and the kernels that only share a
 * tensor's data by reference count (Reshape, Identity, ExpandDims) read without marking.
 */
export class OutputBufferPool {
  private readonly freeByLength = new Map<number, Float32Array[]>();
  private readonly ownArrays = new WeakSet<Float32Array>();
  private readonly escapedArrays = new WeakSet<Float32Array>();
  /** Every free array, oldest release first (a Set keeps insertion order): the first to go when full. */
  private readonly freeArrays = new Set<Float32Array>();
  private pooledBytes = 0;
  /** Arrays handed out again instead of allocated (for tests and benchmarks). */
  reuseCount = 0;

  /** @param maxPooledBytes Free arrays kept at most, in bytes; 0 turns reuse off. */
  constructor(readonly maxPooledBytes: number) {}

  /** An array of `length` values with arbitrary contents (the caller overwrites all of them). */
  allocate(length: number): Float32Array {
    const reused = this.freeByLength.get(length)?.pop();
    if (reused) {
      this.freeArrays.delete(reused);
      this.pooledBytes -= reused.byteLength;
      this.reuseCount += 1;
      return reused;
    }
    const fresh = new Float32Array(length);
    this.ownArrays.add(fresh);
    return fresh;
  }

  /** Records that code outside the native kernels has seen `values`: it is never reused. */
  markEscaped(values: unknown): void {
    if (values instanceof Float32Array) this.escapedArrays.add(values);
  }

  /** Takes back the array of a disposed tensor when it is the pool's own and has not escaped. */
  release(values: unknown): void {
    if (!(values instanceof Float32Array) || values.length === 0) return;
    if (!this.ownArrays.has(values) || this.escapedArrays.has(values)) return;
    if (values.byteLength > this.maxPooledBytes || this.freeArrays.has(values)) return;
    // Full: the arrays released longest ago make room. Refusing the new one instead left a pool full of
    // sizes an earlier phase used (training, then encoding a data set in other batch shapes), and every op
    // of the new phase faulting in fresh pages.
    for (const oldest of this.freeArrays) {
      if (this.pooledBytes + values.byteLength <= this.maxPooledBytes) break;
      this.evict(oldest);
    }
    this.freeArrays.add(values);
    const free = this.freeByLength.get(values.length);
    if (free) free.push(values);
    else this.freeByLength.set(values.length, [values]);
    this.pooledBytes += values.byteLength;
  }

  /** Lets `values` (a free array) go to the garbage collector. */
  private evict(values: Float32Array): void {
    this.freeArrays.delete(values);
    const free = this.freeByLength.get(values.length)!;
    free.splice(free.indexOf(values), 1);
    if (free.length === 0) this.freeByLength.delete(values.length);
    this.pooledBytes -= values.byteLength;
  }

  /** Bytes held in free arrays. */
  get freeBytes(): number {
    return this.pooledBytes;
  }

  /** Drops every free array (they go to the garbage collector); returns the bytes let go. */
  clear(): number {
    const released = this.pooledBytes;
    this.freeByLength.clear();
    this.freeArrays.clear();
    this.pooledBytes = 0;
    return released;
  }
}

interface TensorData {
  values?: unknown;
  refCount: number;
}

interface DataStorage {
  get(dataId: object): TensorData | undefined;
  has(dataId: object): boolean;
}

/** Per backend: its pool and a read of its data storage that marks nothing. */
const poolsByBackend = new WeakMap<object, { pool: OutputBufferPool; rawGet: DataStorage['get'] }>();

/** Kernels that share their input's data by reference count only (tfjs-backend-cpu 4.x). */
export const SHARING_KERNELS: ReadonlySet<string> = new Set(['Reshape', 'Identity', 'ExpandDims']);

/** Default cap on free arrays kept: LATENTLAB_NATIVE_POOL_MB megabytes (0 = off), else 1024 MB. */
export function defaultMaxPooledBytes(): number {
  // globalThis.process: a browser has no process (and no environment to read).
  const environment = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const fromEnv = Number(environment?.['LATENTLAB_NATIVE_POOL_MB'] ?? Number.NaN);
  return (fromEnv >= 0 ? fromEnv : 1024) * 1024 * 1024;
}

// One flag for the process: the engine keeps a single instance of the native backend.
let unmarkedDepth = 0;

/** Runs `work` with reads of the data storage not marking arrays as escaped. */
export function withoutEscapeMarking<T>(work: () => T): T {
  unmarkedDepth += 1;
  try {
    return work();
  } finally {
    unmarkedDepth -= 1;
  }
}

/**
 * Gives `backend` (a MathBackendCPU instance) an output pool: every read of its data storage marks the
 * array as escaped, except inside its bookkeeping methods and `withoutEscapeMarking`, and disposing a
 * tensor's last reference returns its array to the pool.
 */
export function attachOutputPool(backend: MathBackendCPU, pool: OutputBufferPool): void {
  const storage = backend.data as unknown as DataStorage;
  const rawGet = storage.get.bind(storage);
  storage.get = (dataId) => {
    const entry = rawGet(dataId);
    if (entry && unmarkedDepth === 0) pool.markEscaped(entry.values);
    return entry;
  };
  const methods = backend as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['incRef', 'decRef', 'refCount', 'move', 'numDataIds']) {
    const original = methods[name]!.bind(backend);
    methods[name] = (...args) => withoutEscapeMarking(() => original(...args));
  }
  const originalDispose = methods['disposeData']!.bind(backend);
  methods['disposeData'] = (dataId, ...rest) =>
    withoutEscapeMarking(() => {
      // (tfjs's DataStorage.get would try to move an id this backend does not hold; disposal must not.)
      const values = storage.has(dataId as object) ? rawGet(dataId as object)?.values : undefined;
      const released = originalDispose(dataId, ...rest);
      if (values !== undefined && !storage.has(dataId as object)) pool.release(values);
      return released;
    });
  poolsByBackend.set(backend, { pool, rawGet });
}

/** The float32 values behind a tensor without marking them escaped (native kernels only). */
export function unmarkedValues(backend: MathBackendCPU, dataId: object): unknown {
  const attached = poolsByBackend.get(backend);
  return attached ? attached.rawGet(dataId)?.values : backend.data.get(dataId)?.values;
}

/** An output array for a native kernel: from the backend's pool where it has one. */
export function outputArray(backend: MathBackendCPU, length: number): Float32Array {
  return poolsByBackend.get(backend)?.pool.allocate(length) ?? new Float32Array(length);
}

/** The pool attached to `backend`, if any. */
export function outputPoolOf(backend: object): OutputBufferPool | undefined {
  return poolsByBackend.get(backend)?.pool;
}
