// The inputs of the native build, and one hash over them: prebuilds/<platform>-<arch>/BUILD.json records it,
// so a test can tell whether a committed binary was built from the sources beside it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** binding.gyp and every file of native/, sorted by name (paths relative to the package). */
function nativeSources(packageRoot) {
  const native = fs
    .readdirSync(path.join(packageRoot, 'native'))
    .sort()
    .map((file) => path.join('native', file));
  return ['binding.gyp', ...native];
}

/** sha256 over each source's relative path and bytes, in order. */
function nativeSourcesHash(packageRoot) {
  const hash = crypto.createHash('sha256');
  for (const relative of nativeSources(packageRoot)) {
    hash.update(`${relative}\n`);
    hash.update(fs.readFileSync(path.join(packageRoot, relative)));
  }
  return hash.digest('hex');
}

function fileHash(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Writes `<targetDirectory>/BUILD.json` for the binary `target`: its platform, the hash of the sources it was
 * built from, its own hash and the compiler's version line (what the prebuilt tests check).
 */
function writeBuildRecord(packageRoot, targetDirectory, target, platform, compiler) {
  const build = {
    platform,
    sources_sha256: nativeSourcesHash(packageRoot),
    binary_sha256: fileHash(target),
    compiler,
    napi_version: 8,
  };
  fs.writeFileSync(path.join(targetDirectory, 'BUILD.json'), `${JSON.stringify(build, null, 2)}\n`);
}

module.exports = { nativeSources, nativeSourcesHash, fileHash, writeBuildRecord };
