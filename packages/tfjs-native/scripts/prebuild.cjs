// Pack step (`prepack`): puts the addon for this platform into prebuilds/<platform>-<arch>/, so the tarball
// installs without a compiler. Reuses build/Release when it is newer than every native source; otherwise
// rebuilds with node-gyp first. Fails loudly: a tarball must not ship without its binary by accident.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeGypCommand } = require('./node-gyp-command.cjs');

const packageRoot = path.resolve(__dirname, '..');
const built = path.join(packageRoot, 'build', 'Release', 'latentlab_native.node');
const sources = [
  path.join(packageRoot, 'binding.gyp'),
  ...fs.readdirSync(path.join(packageRoot, 'native')).map((file) => path.join(packageRoot, 'native', file)),
];

function isUpToDate() {
  if (!fs.existsSync(built)) return false;
  const builtAt = fs.statSync(built).mtimeMs;
  return sources.every((source) => fs.statSync(source).mtimeMs <= builtAt);
}

if (!isUpToDate()) {
  const [command, prefix] = nodeGypCommand();
  const result = spawnSync(command, [...prefix, 'rebuild'], { cwd: packageRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('@latentlab/tfjs-native prebuild: node-gyp rebuild failed; not packing without a binary.');
    process.exit(1);
  }
}

const targetDirectory = path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`);
fs.mkdirSync(targetDirectory, { recursive: true });
const target = path.join(targetDirectory, 'latentlab_native.node');
const temporary = `${target}.${process.pid}.tmp`;
fs.copyFileSync(built, temporary);
// Debug symbols are most of the file; the package does not need them. No strip, no harm.
spawnSync('strip', ['--strip-unneeded', temporary], { stdio: 'ignore' });
fs.renameSync(temporary, target);
console.log(
  `@latentlab/tfjs-native prebuild: ${path.relative(packageRoot, target)} (${fs.statSync(target).size} bytes)`,
);
