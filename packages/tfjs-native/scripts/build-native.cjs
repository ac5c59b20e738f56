// Builds the native addon from source with node-gyp (run at install). A failed build is not an install
// failure: the package then falls back to tfjs's plain `cpu` kernels and says so once at run time.
// `--strict` (used by `pnpm build:native`) makes a failed build exit non-zero instead.
// Prebuilt binaries per platform are the next step; this script will then only build when none fits.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const strict = process.argv.includes('--strict');
const packageRoot = path.resolve(__dirname, '..');

function nodeGypCommand() {
  // npm and pnpm expose their bundled node-gyp to lifecycle scripts through this variable or PATH.
  if (process.env.npm_config_node_gyp) return [process.execPath, [process.env.npm_config_node_gyp]];
  try {
    return [process.execPath, [require.resolve('node-gyp/bin/node-gyp.js')]];
  } catch {
    return ['node-gyp', []];
  }
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
