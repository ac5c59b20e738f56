// Puts the addon for this platform into prebuilds/<platform>-<arch>/ (stripped) with BUILD.json (the hash of
// the sources it was built from, the compiler, the binary's hash), so a clone or a tarball installs without a
// compiler. The repository carries linux-x64's: after changing native/ or binding.gyp, run
// `pnpm --filter @latentlab/tfjs-native build:prebuild` and commit the result (a test fails until then).
// Runs at `prepack` too, where a committed prebuild of the current sources is packed as it is (below).
// Otherwise reuses build/Release when it is newer than every native source, or rebuilds with node-gyp first. Fails loudly: a tarball must not ship without its binary by accident.
// The build is reproducible: the same gcc and sources give the same stripped bytes in any checkout path.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeGypCommand } = require('./node-gyp-command.cjs');
const { fileHash, nativeSources, nativeSourcesHash, writeBuildRecord } = require('./native-sources.cjs');

const packageRoot = path.resolve(__dirname, '..');
const built = path.join(packageRoot, 'build', 'Release', 'latentlab_native.node');
const sources = nativeSources(packageRoot).map((relative) => path.join(packageRoot, relative));
const platform = `${process.platform}-${process.arch}`;
const targetDirectory = path.join(packageRoot, 'prebuilds', platform);
const target = path.join(targetDirectory, 'latentlab_native.node');

// At `prepack` (pnpm pack / publish), a committed prebuild whose record says it was built from exactly these
// sources, and whose bytes are the ones recorded, is the binary a rebuild would give: pack it as it is (a
// fresh clone has no build/, and compiling ~25 files took over a minute of each pack in the suite).
// `pnpm build:prebuild` always builds.
function committedPrebuildIsCurrent() {
  const record = path.join(targetDirectory, 'BUILD.json');
  if (!fs.existsSync(record) || !fs.existsSync(target)) return false;
  const { sources_sha256: sourcesHash, binary_sha256: binaryHash } = JSON.parse(
    fs.readFileSync(record, 'utf8'),
  );
  return sourcesHash === nativeSourcesHash(packageRoot) && binaryHash === fileHash(target);
}
if (process.env.npm_lifecycle_event === 'prepack' && committedPrebuildIsCurrent()) {
  console.log(
    `@latentlab/tfjs-native prebuild: ${path.relative(packageRoot, target)} is current (BUILD.json)`,
  );
  process.exit(0);
}

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

fs.mkdirSync(targetDirectory, { recursive: true });
const temporary = `${target}.${process.pid}.tmp`;
fs.copyFileSync(built, temporary);
// Debug symbols are most of the file; the package does not need them. No strip, no harm.
spawnSync('strip', ['--strip-unneeded', temporary], { stdio: 'ignore' });
fs.renameSync(temporary, target);
const compiler = spawnSync('c++', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'unknown';
writeBuildRecord(packageRoot, targetDirectory, target, platform, compiler);
console.log(
  `@latentlab/tfjs-native prebuild: ${path.relative(packageRoot, target)} (${fs.statSync(target).size} bytes)`,
);
