// Runs the tfjs-level kernel tests (src/kernels/*.test.ts and the gradient, finite-difference and
// batch-broadcast tests: the native backend against tfjs's cpu backend, through tfjs ops and gradients) with
// the linux-arm64 prebuilt in Debian's arm64 Node 18 under qemu-user. Vitest itself cannot run there (it needs
// Node 20), so the test files are bundled with esbuild into one CommonJS file whose `vitest` is
// native-tests/vitest-shim.cjs, and that file runs under `arm64NodeCommand()`. The bundle sits in the
// package's .arm64-tests/ (git-ignored), so the addon's paths relative to src/ resolve as in the sources.
//   node scripts/arm64-op-tests.cjs [--all]    → bundles, runs, prints the report's JSON line
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { arm64NodeCommand } = require('./arm64-node.cjs');

const packageRoot = path.join(__dirname, '..');
const bundleDirectory = path.join(packageRoot, '.arm64-tests');
const SHIM = path.join(packageRoot, 'native-tests', 'vitest-shim.cjs');

/**
 * The test files run under qemu: those whose kernels go through the GEMM micro-kernel — the one piece of
 * native code written per architecture (micro_kernel_neon.cc): matmul and batched matmul with every
 * transpose, the fused matmul, convolutions and both their gradients, tfjs gradients through them, plus
 * the finite-difference gradient checks. The other kernels are portable C++ compiled for aarch64 and
 * checked under qemu against float64 by native-tests/kernel_test.cc; running their tfjs-level tests here
 * too cost ~55 s of emulated CPU per suite run (the cpu backend's JavaScript references, emulated) and
 * exercised no arm64-specific code. `node scripts/arm64-op-tests.cjs --all` runs every file.
 */
const GEMM_PATH_TESTS = [
  'src/batch-broadcast.test.ts',
  'src/finite-differences.test.ts',
  'src/gradients.test.ts',
  'src/kernels/conv2d.test.ts',
  'src/kernels/fused-mat-mul.test.ts',
  'src/kernels/mat-mul.test.ts',
  'src/kernels/reduce-gradients.test.ts',
];

/** Every tfjs-level test file of the native kernels (src/kernels/*.test.ts and the gradient tests). */
function allOpTestFiles() {
  const kernels = fs
    .readdirSync(path.join(packageRoot, 'src', 'kernels'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join('src', 'kernels', name));
  return [
    ...kernels,
    'src/gradients.test.ts',
    'src/finite-differences.test.ts',
    'src/batch-broadcast.test.ts',
  ].sort();
}

/** The files run under qemu: the GEMM-path ones, or all of them. */
function opTestFiles(all = false) {
  return all ? allOpTestFiles() : GEMM_PATH_TESTS;
}

/** Bundles the test files and the shim's runner into .arm64-tests/op-tests.mjs; returns its path and the files. */
async function bundleOpTests(all = false) {
  const esbuild = require('esbuild');
  const files = opTestFiles(all);
  fs.mkdirSync(bundleDirectory, { recursive: true });
  const entry = [
    ...files.map((file) => `import ${JSON.stringify(path.join(packageRoot, file))};`),
    `import { runRegisteredTests } from 'vitest';`,
    `await runRegisteredTests({ files: ${JSON.stringify(files)}, arch: process.arch, node: process.version });`,
  ].join('\n');
  const outfile = path.join(bundleDirectory, 'op-tests.mjs');
  await esbuild.build({
    stdin: { contents: entry, resolveDir: packageRoot, sourcefile: 'arm64-op-tests-entry.mjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node18',
    // ESM: the entry awaits at top level.
    format: 'esm',
    outfile,
    alias: { vitest: SHIM },
    // The package says "sideEffects": false, and the test files are imported only for their side effects.
    ignoreAnnotations: true,
    // CommonJS pieces (the shim, tfjs's dependencies) call require(): give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return { bundle: outfile, files };
}

/**
 * Runs the bundle with `command args` (the arm64 node under qemu, or this node) and returns the report:
 * `{ files, arch, node, passed, failed, skipped }`, plus the exit status and stderr.
 */
function runOpTests(bundle, command, args, environment = {}) {
  const run = spawnSync(command, [...args, bundle], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, ...environment },
  });
  const lastLine = (run.stdout ?? '').trim().split('\n').at(-1) ?? '';
  let report = null;
  try {
    report = JSON.parse(lastLine);
  } catch {
    report = null;
  }
  return {
    status: run.status,
    report,
    stderr: `${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`,
  };
}

module.exports = { opTestFiles, allOpTestFiles, bundleOpTests, runOpTests };

if (require.main === module) {
  bundleOpTests(process.argv.includes('--all'))
    .then(({ bundle }) => {
      const [command, args] = arm64NodeCommand();
      const { status, report, stderr } = runOpTests(bundle, command, args);
      if (!report) process.stderr.write(stderr);
      else
        process.stdout.write(
          `${JSON.stringify({ ...report, passed: report.passed.length, skipped: report.skipped.length })}\n`,
        );
      process.exitCode = status ?? 1;
    })
    .catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exitCode = 1;
    });
}
