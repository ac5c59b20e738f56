// Install step. Where the tarball carries a prebuilt binary for this platform that loads, there is
// nothing to do — no compiler needed. Otherwise it builds the addon from source with node-gyp. A failed
// build is not an install failure: the package then falls back to tfjs's plain `cpu` kernels and says so
// once at run time. `--strict` (used by `pnpm build:native`) always builds and exits non-zero on failure.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { nodeGypCommand } = require('./node-gyp-command.cjs');

const strict = process.argv.includes('--strict');
const packageRoot = path.resolve(__dirname, '..');
const prebuilt = path.join(
  packageRoot,
  'prebuilds',
  `${process.platform}-${process.arch}`,
  'latentlab_native.node',
);

function prebuiltLoads() {
  try {
    require(prebuilt);
    return true;
  } catch {
    return false;
  }
}

if (!strict && prebuiltLoads()) {
  console.log(`@latentlab/tfjs-native: using the prebuilt binary for ${process.platform}-${process.arch}.`);
  process.exit(0);
}

const [command, prefix] = nodeGypCommand();
const result = spawnSync(command, [...prefix, 'rebuild'], { cwd: packageRoot, stdio: 'inherit' });
if (result.status !== 0) {
  const reason = result.error ? result.error.message : `node-gyp exited with ${result.status}`;
  console.warn(
    `@latentlab/tfjs-native: could not build the native addon (${reason}); the backend will use tfjs's cpu kernels.`,
  );
  if (strict) process.exit(1);
}
