// Cross-compiles the addon for linux-arm64 on any Linux machine with Debian's cross toolchain
// (`apt-get install g++-aarch64-linux-gnu`) into prebuilds/linux-arm64/ with its BUILD.json, the way
// scripts/prebuild.cjs makes linux-x64's: every source of binding.gyp with its flags, -fPIC, linked as a
// shared object and stripped. An N-API addon does not link against node: its napi_* symbols stay undefined
// and the node that loads it provides them. The build is reproducible — the same toolchain and sources give
// the same bytes from any checkout path (sources are compiled by relative path from the package root and
// -ffile-prefix-map hides the include directories). After changing native/ or binding.gyp, run
// `pnpm --filter @latentlab/tfjs-native build:prebuild:arm64` and commit the result (a test fails until then);
// src/arm64-qemu.test.ts loads it in an arm64 node under qemu-user.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeBuildRecord } = require('./native-sources.cjs');
const { bindingTarget, compileObjects, packageRoot, run, toolVersion } = require('./native-compile.cjs');

const PLATFORM = 'linux-arm64';
const COMPILER = process.env.LATENTLAB_ARM64_CXX || 'aarch64-linux-gnu-g++';
const STRIP = process.env.LATENTLAB_ARM64_STRIP || 'aarch64-linux-gnu-strip';

/** The directory holding node_api.h: Node's own headers, or node-gyp's download of them. */
function nodeHeadersDirectory() {
  const candidates = [
    process.env.LATENTLAB_NODE_HEADERS,
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
    path.join(os.homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
    path.join(os.homedir(), '.node-gyp', process.versions.node, 'include', 'node'),
  ].filter(Boolean);
  const found = candidates.find((directory) => fs.existsSync(path.join(directory, 'node_api.h')));
  if (!found) throw new Error(`node_api.h not found in ${candidates.join(', ')}; set LATENTLAB_NODE_HEADERS`);
  return found;
}

async function main() {
  const compiler = toolVersion(COMPILER);
  if (!compiler || !toolVersion(STRIP)) {
    console.error(
      `prebuild-linux-arm64: ${COMPILER} or ${STRIP} is missing; apt-get install -y g++-aarch64-linux-gnu`,
    );
    process.exit(1);
  }
  const { sources, cxxflags, defines } = bindingTarget();
  const addonApi = path.dirname(require.resolve('node-addon-api/package.json', { paths: [packageRoot] }));
  const nodeHeaders = nodeHeadersDirectory();
  const flags = [
    // node-gyp's defaults for a Linux addon (common.gypi), then binding.gyp's own flags, which win.
    '-fPIC',
    '-Wall',
    '-Wextra',
    '-Wno-unused-parameter',
    '-fno-rtti',
    ...cxxflags,
    ...defines.map((define) => `-D${define}`),
    `-I${addonApi}`,
    `-I${nodeHeaders}`,
    `-ffile-prefix-map=${packageRoot}=.`,
    `-ffile-prefix-map=${addonApi}=node-addon-api`,
    `-ffile-prefix-map=${nodeHeaders}=node`,
  ];
  const buildDirectory = path.join(packageRoot, 'node_modules', '.cache', `prebuild-${PLATFORM}`);
  const objects = await compileObjects({
    compiler: COMPILER,
    flags,
    sources,
    objectDirectory: path.join(buildDirectory, 'obj'),
  });

  const targetDirectory = path.join(packageRoot, 'prebuilds', PLATFORM);
  fs.mkdirSync(targetDirectory, { recursive: true });
  const target = path.join(targetDirectory, 'latentlab_native.node');
  const temporary = path.join(buildDirectory, 'latentlab_native.node');
  // Objects by relative path, so the link line is the same in every checkout.
  const relativeObjects = objects.map((object) => path.relative(packageRoot, object));
  await run(COMPILER, ['-shared', '-pthread', '-o', temporary, ...relativeObjects], packageRoot);
  await run(STRIP, ['--strip-unneeded', temporary], packageRoot);
  fs.copyFileSync(temporary, `${target}.${process.pid}.tmp`);
  fs.renameSync(`${target}.${process.pid}.tmp`, target);

  writeBuildRecord(packageRoot, targetDirectory, target, PLATFORM, compiler);
  console.log(
    `@latentlab/tfjs-native prebuild: ${path.relative(packageRoot, target)} (${fs.statSync(target).size} bytes, ${compiler})`,
  );
}

main().catch((error) => {
  console.error(`prebuild-linux-arm64: ${error.message}`);
  process.exit(1);
});
