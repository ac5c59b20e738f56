// Loads one build of the addon and checks its functions against float64 JavaScript references, for every
// GEMM micro-kernel it reports. Plain CommonJS for any Node with N-API 8 (Debian's arm64 node 18 under
// qemu-user runs it on prebuilds/linux-arm64; src/arm64-qemu.test.ts):
//   node native-tests/addon-check.cjs path/to/latentlab_native.node
// Prints one JSON object { info, checks: [{ name, error, ok }] } and exits 1 when a check fails. The error is
// relative: |actual − expected| / scale, the scale being Σ|a·b| for sums of products and max(|expected|, 1)
// for O(1) outputs. Bound: 1e-5.
const addonPath = process.argv[2];
const addon = require(addonPath);

const TOLERANCE = 1e-5;
const checks = [];
let seed = 12345;
/** A deterministic float32 in [low, high). */
function random(low = -1, high = 1) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.fround(low + ((seed >>> 8) / 16777216) * (high - low));
}
function randomArray(count, low, high) {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = random(low, high);
  return values;
}
function record(name, actual, expected, scales) {
  let error = 0;
  let finite = true;
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(actual[i])) finite = false;
    error = Math.max(error, Math.abs(actual[i] - expected[i]) / scales[i]);
  }
  checks.push({ name, error, ok: finite && error <= TOLERANCE });
}
function pass(name, ok) {
  checks.push({ name, error: 0, ok });
}

function checkMatMul(kernel) {
  const shapes = [
    [1, 1, 1],
    [2, 5, 7],
    [8, 12, 16],
    [13, 31, 7],
    [31, 64, 257],
    [100, 37, 64],
  ];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const actualAll = [];
      const expectedAll = [];
      const scalesAll = [];
      for (const [m, n, k] of shapes) {
        // Two outputs from two A batches and one B batch: (A0·B0, A1·B0).
        const a = randomArray(2 * m * k);
        const b = randomArray(k * n);
        const c = new Float32Array(2 * m * n).fill(Number.NaN);
        addon.batchMatMul(
          a,
          b,
          c,
          2,
          m,
          n,
          k,
          transposeA,
          transposeB,
          new Int32Array([0, 1]),
          new Int32Array([0, 0]),
        );
        for (let batch = 0; batch < 2; batch++) {
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              let scale = 0;
              for (let p = 0; p < k; p++) {
                const aValue = a[batch * m * k + (transposeA ? p * m + i : i * k + p)];
                const bValue = b[transposeB ? j * k + p : p * n + j];
                sum += aValue * bValue;
                scale += Math.abs(aValue * bValue);
              }
              actualAll.push(c[batch * m * n + i * n + j]);
              expectedAll.push(sum);
              scalesAll.push(scale);
            }
          }
        }
      }
      record(
        `${kernel} batchMatMul ${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}`,
        actualAll,
        expectedAll,
        scalesAll,
      );
    }
  }
}

function checkConv2d(kernel) {
  // 2 x 6 x 5 x 3 input, 3 x 3 filter to 4 channels, stride 2 x 1, padding 1 on top and left.
  const g = {
    batch: 2,
    inHeight: 6,
    inWidth: 5,
    inChannels: 3,
    outHeight: 3,
    outWidth: 5,
    outChannels: 4,
    filterHeight: 3,
    filterWidth: 3,
    strideHeight: 2,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: 1,
    padLeft: 1,
  };
  const x = randomArray(g.batch * g.inHeight * g.inWidth * g.inChannels);
  const w = randomArray(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
  const y = new Float32Array(g.batch * g.outHeight * g.outWidth * g.outChannels).fill(Number.NaN);
  addon.conv2d(x, w, y, g);
  const expected = new Float64Array(y.length);
  const scales = new Float64Array(y.length).fill(Number.MIN_VALUE);
  for (let b = 0; b < g.batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let fh = 0; fh < g.filterHeight; fh++)
          for (let fw = 0; fw < g.filterWidth; fw++) {
            const ih = oh * g.strideHeight + fh - g.padTop;
            const iw = ow * g.strideWidth + fw - g.padLeft;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
            for (let ci = 0; ci < g.inChannels; ci++)
              for (let co = 0; co < g.outChannels; co++) {
                const product =
                  x[((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + ci] *
                  w[((fh * g.filterWidth + fw) * g.inChannels + ci) * g.outChannels + co];
                const index = ((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + co;
                expected[index] += product;
                scales[index] += Math.abs(product);
              }
          }
  record(`${kernel} conv2d`, y, expected, scales);
}

function checkOtherKernels() {
  const ones = (count) => new Float64Array(count).fill(1);
  // Softmax over (3, 50).
  const logits = randomArray(150, -8, 8);
  const probabilities = new Float32Array(150);
  addon.softmaxRows(logits, probabilities, 3, 50);
  const softmax = new Float64Array(150);
  for (let r = 0; r < 3; r++) {
    const row = logits.subarray(r * 50, r * 50 + 50);
    const max = Math.max(...row);
    const total = row.reduce((sum, value) => sum + Math.exp(value - max), 0);
    for (let j = 0; j < 50; j++) softmax[r * 50 + j] = Math.exp(row[j] - max) / total;
  }
  record(
    'softmaxRows',
    probabilities,
    softmax,
    Array.from(softmax, (value) => Math.max(value, 1e-30)),
  );

  // Layer norm over (4, 33).
  const x = randomArray(132, -2, 3);
  const y = new Float32Array(132);
  addon.layerNorm(x, y, new Float32Array(4), new Float32Array(4), 4, 33, 1e-5);
  const normalized = new Float64Array(132);
  for (let r = 0; r < 4; r++) {
    const row = Array.from(x.subarray(r * 33, r * 33 + 33));
    const mean = row.reduce((sum, value) => sum + value, 0) / 33;
    const variance = row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / 33;
    for (let j = 0; j < 33; j++) normalized[r * 33 + j] = (row[j] - mean) / Math.sqrt(variance + 1e-5);
  }
  record('layerNorm', y, normalized, ones(132));

  // Sum over the middle axis of (2, 100, 3).
  const input = randomArray(600);
  const sums = new Float32Array(6);
  addon.reduceMiddleAxis(input, sums, 2, 100, 3, 0);
  const expectedSums = new Float64Array(6);
  const sumScales = new Float64Array(6);
  for (let o = 0; o < 2; o++)
    for (let r = 0; r < 100; r++)
      for (let i = 0; i < 3; i++) {
        expectedSums[o * 3 + i] += input[(o * 100 + r) * 3 + i];
        sumScales[o * 3 + i] += Math.abs(input[(o * 100 + r) * 3 + i]);
      }
  record('reduceMiddleAxis sum', sums, expectedSums, sumScales);

  // tanh, exp and sigmoid.
  const values = randomArray(1000, -10, 10);
  const functions = [
    ['tanh', 0, Math.tanh],
    ['exp', 1, Math.exp],
    ['sigmoid', 5, (value) => 1 / (1 + Math.exp(-value))],
  ];
  for (const [name, code, reference] of functions) {
    const output = new Float32Array(1000);
    addon.unary(values, output, 1000, code);
    const expected = Array.from(values, reference);
    record(
      `unary ${name}`,
      output,
      expected,
      expected.map((value) => Math.max(Math.abs(value), 1e-30)),
    );
  }

  // GELU-tanh, scale |x|/2 · (1 + |tanh u|) where 1 + tanh u cancels.
  const gelu = new Float32Array(1000);
  addon.geluTanh(values, gelu);
  const geluExpected = [];
  const geluScales = [];
  for (const value of values) {
    const t = Math.tanh(Math.sqrt(2 / Math.PI) * (value + 0.044715 * value ** 3));
    geluExpected.push(0.5 * value * (1 + t));
    geluScales.push(Math.max(0.5 * Math.abs(value) * (1 + Math.abs(t)), 1e-30));
  }
  record('geluTanh', gelu, geluExpected, geluScales);

  // (2, 3, 4) = a (2, 1, 4) · b (1, 3, 1), multiply with broadcasting.
  const a = randomArray(8);
  const b = randomArray(3);
  const product = new Float32Array(24);
  addon.binaryElementwise(
    2,
    a,
    new Int32Array([4, 0, 1]),
    b,
    new Int32Array([0, 1, 0]),
    product,
    new Int32Array([2, 3, 4]),
  );
  const productExpected = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) productExpected.push(a[i * 4 + k] * b[j]);
  record(
    'binaryElementwise multiply, broadcast',
    product,
    productExpected,
    productExpected.map((v) => Math.max(Math.abs(v), 1e-30)),
  );

  // Transpose (3, 4) -> (4, 3) with stridedCopy: exact.
  const source = randomArray(12);
  const transposed = new Float32Array(12);
  addon.stridedCopy(
    source,
    0,
    new Int32Array([4, 1]),
    transposed,
    0,
    new Int32Array([1, 3]),
    new Int32Array([3, 4]),
  );
  let exact = true;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 4; j++) exact &&= transposed[j * 3 + i] === source[i * 4 + j];
  pass('stridedCopy transpose (exact)', exact);
}

const info = addon.info();
const kernels = info.supportedMicroKernels.split(',');
pass(
  `the default micro-kernel ${info.microKernel} is the widest supported (${info.supportedMicroKernels})`,
  kernels[0] === info.microKernel,
);
pass('an unknown micro-kernel is refused', addon.forceMicroKernel('no-such-kernel') === false);
for (const kernel of kernels) {
  pass(
    `forceMicroKernel('${kernel}')`,
    addon.forceMicroKernel(kernel) && addon.info().microKernel === kernel,
  );
  checkMatMul(kernel);
  checkConv2d(kernel);
}
addon.forceMicroKernel('auto');
checkOtherKernels();
console.log(JSON.stringify({ info, arch: process.arch, node: process.version, checks }));
process.exit(checks.every((check) => check.ok) ? 0 : 1);
