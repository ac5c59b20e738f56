// GFLOP/s of C = A·B (square, float32) on the native backend, onnxruntime-node and tfjs's cpu backend, in one
// run so the figures share the machine's current load. Prints one JSON line, with the CPU model, the native
// micro-kernel, its measured FMA peak (a register-only multiply-add loop on every native thread) and the
// fraction of that peak each native GEMM reached.
//   pnpm bench:gemm [sizes…]                           (default 256 512 1024)
//   LATENTLAB_MICRO_KERNEL=avx2 pnpm bench:gemm        (a narrower kernel than the CPU's widest)
// onnxruntime's MLAS picks its own kernel from the CPU's flags (on an AVX-512 CPU its AVX-512 one).
import { cpuReport } from '@latentlab/cli';
import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { tensor } from '@latentlab/tensor';
import { nativeAddon, registerNativeBackend, tf } from '@latentlab/tfjs-native';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);
const MINIMUM_SECONDS = 0.15;
const MINIMUM_REPEATS = 3;

/** Median seconds of `run` after one warm-up, repeating until MINIMUM_SECONDS and MINIMUM_REPEATS. */
async function medianSeconds(run: () => Promise<void> | void): Promise<number> {
  await run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < MINIMUM_REPEATS || performance.now() - start < MINIMUM_SECONDS * 1000) {
    const before = performance.now();
    await run();
    times.push((performance.now() - before) / 1000);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

function randomMatrix(size: number): Float32Array {
  return Float32Array.from({ length: size * size }, () => Math.random() * 2 - 1);
}

/** A timer of one backend's C = A·B at one size: each call returns the median seconds of a short run. */
type Timer = { seconds(): Promise<number>; release(): Promise<void> };

async function tfjsTimer(backend: string, a: Float32Array, b: Float32Array, size: number): Promise<Timer> {
  await tf.setBackend(backend);
  const aTensor = tf.tensor(a, [size, size]);
  const bTensor = tf.tensor(b, [size, size]);
  return {
    async seconds() {
      await tf.setBackend(backend);
      return medianSeconds(() => {
        tf.matMul(aTensor, bTensor).dispose();
      });
    },
    async release() {
      tf.dispose([aTensor, bTensor]);
    },
  };
}

async function onnxruntimeTimer(a: Float32Array, b: Float32Array, size: number): Promise<Timer> {
  const model = exportOnnx((ops, _params, inputs) => ops.matmul(inputs['a']!, inputs['b']!), new Map(), {
    a: { shape: [size, size], dtype: 'float32' },
    b: { shape: [size, size], dtype: 'float32' },
  });
  const runner = await createNodeRunner(model);
  const feeds = { a: tensor(a, [size, size]), b: tensor(b, [size, size]) };
  return {
    seconds: () =>
      medianSeconds(async () => {
        await runner.run(feeds);
      }),
    release: () => runner.release(),
  };
}

/**
 * A pause before switching engines: onnxruntime's intra-op threads spin for a while after a run (and the
 * native pool's for 50 µs), and spinning threads of one engine would take a core from the other.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

const registration = registerNativeBackend();
const cpuFigures = cpuReport();
const cpu = tf.findBackend('cpu') as unknown as { firstUse: boolean };
cpu.firstUse = false;
// Native and onnxruntime alternate for ROUNDS rounds (both keep threads that spin for a while after their
// work, and the machines here are shared): each figure is the median of its rounds.
const ROUNDS = 5;
const results: Record<string, Record<string, number>> = {};
for (const size of sizes.length > 0 ? sizes : [256, 512, 1024]) {
  const a = randomMatrix(size);
  const b = randomMatrix(size);
  const gigaflops = (seconds: number) => Number(((2 * size ** 3) / seconds / 1e9).toFixed(1));
  const nativeTimer = await tfjsTimer('latentlab-native', a, b, size);
  const onnxruntimePeer = await onnxruntimeTimer(a, b, size);
  const nativeSeconds: number[] = [];
  const onnxruntimeSeconds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await settle();
    nativeSeconds.push(await nativeTimer.seconds());
    await settle();
    onnxruntimeSeconds.push(await onnxruntimePeer.seconds());
  }
  await Promise.all([nativeTimer.release(), onnxruntimePeer.release()]);
  const native = gigaflops(median(nativeSeconds));
  const onnxruntime = gigaflops(median(onnxruntimeSeconds));
  const cpuTimer = await tfjsTimer('cpu', a, b, size);
  const tfjsCpu = gigaflops(await cpuTimer.seconds());
  await cpuTimer.release();
  results[String(size)] = {
    native,
    onnxruntimeNode: onnxruntime,
    tfjsCpu,
    nativeOverOnnxruntime: Number((native / onnxruntime).toFixed(2)),
    nativeFractionOfPeak: cpuFigures.peakGflops
      ? Number((native / cpuFigures.peakGflops).toFixed(3))
      : Number.NaN,
    onnxruntimeFractionOfPeak: cpuFigures.peakGflops
      ? Number((onnxruntime / cpuFigures.peakGflops).toFixed(3))
      : Number.NaN,
  };
}
// Shapes of the reference DiT step (dit-mnist-s: batch 64, 49 tokens, width 128, 4 heads): native vs cpu.
const DIT_SHAPES: Record<string, [number[], number[]]> = {
  'qkv projection (3136x128)·(128x384)': [
    [3136, 128],
    [128, 384],
  ],
  'attention scores (256x49x32)·(256x32x49)': [
    [256, 49, 32],
    [256, 32, 49],
  ],
};
const ditShapes: Record<string, Record<string, number>> = {};
for (const [name, [aShape, bShape]] of Object.entries(DIT_SHAPES)) {
  const flops = 2 * aShape.reduce((p, d) => p * d, 1) * bShape[bShape.length - 1]!;
  const timings: Record<string, number> = {};
  for (const backend of ['latentlab-native', 'cpu']) {
    await tf.setBackend(backend);
    const a = tf.randomUniform(aShape);
    const b = tf.randomUniform(bShape);
    const seconds = await medianSeconds(() => {
      tf.matMul(a, b).dispose();
    });
    tf.dispose([a, b]);
    timings[backend === 'cpu' ? 'tfjsCpu' : 'native'] = Number((flops / seconds / 1e9).toFixed(1));
  }
  ditShapes[name] = timings;
}

console.log(
  JSON.stringify({
    benchmark: 'sgemm GFLOP/s (C = A·B, square float32)',
    native: registration.native ? nativeAddon()!.info() : 'addon not loaded',
    cpu: cpuFigures,
    results,
    ditShapes,
  }),
);
