// Builds native-tests/kernel_test.cc with the kernel sources of native/ (binding.gyp's, without the N-API
// glue) and runs it: natively with the host's c++, and for linux-arm64 with Debian's cross compiler under
// qemu-user (`apt-get install -y g++-aarch64-linux-gnu qemu-user`). Correctness only; never time under qemu.
//   node scripts/kernel-test.cjs [host] [linux-arm64]      (both by default)
// Objects are kept under node_modules/.cache/kernel-test/<target>/ (not build/, which `node-gyp rebuild`
// empties) and reused while their sources are unchanged.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const {
  bindingTarget,
  compileObjects,
  defaultJobs,
  packageRoot,
  run,
  toolVersion,
} = require('./native-compile.cjs');

const ARM64_SYSROOT = '/usr/aarch64-linux-gnu'; // libc6-arm64-cross, installed with the cross compiler

const TARGETS = {
  host: {
    compiler: 'c++',
    tools: ['c++'],
    command: (binary) => [binary, []],
    install: 'a C++17 compiler (apt-get install -y g++)',
  },
  'linux-arm64': {
    compiler: 'aarch64-linux-gnu-g++',
    tools: ['aarch64-linux-gnu-g++', 'qemu-aarch64'],
    command: (binary) => ['qemu-aarch64', ['-L', ARM64_SYSROOT, binary]],
    install: 'apt-get install -y g++-aarch64-linux-gnu qemu-user',
  },
};

/** Why the target cannot be built and run here (naming what to install), or null when it can. */
function missingTools(targetName) {
  const target = TARGETS[targetName];
  const missing = target.tools.filter((tool) => !toolVersion(tool));
  return missing.length === 0 ? null : `${missing.join(' and ')} not found; ${target.install}`;
}

/** Compiles and links the test program for a target; returns the binary's path. */
async function buildKernelTest(targetName, { jobs = defaultJobs() } = {}) {
  const target = TARGETS[targetName];
  const { sources, cxxflags } = bindingTarget();
  const kernelSources = sources.filter((source) => !path.basename(source).startsWith('addon'));
  const directory = path.join(packageRoot, 'node_modules', '.cache', 'kernel-test', targetName);
  const kernelObjects = await compileObjects({
    compiler: target.compiler,
    flags: cxxflags,
    sources: kernelSources,
    objectDirectory: path.join(directory, 'obj'),
    jobs,
    reuse: true,
  });
  // The test's own float64 reference loops need no -O3: -O1 compiles in half the time.
  const testObjects = await compileObjects({
    compiler: target.compiler,
    flags: cxxflags.map((flag) => (flag === '-O3' ? '-O1' : flag)),
    sources: ['native-tests/kernel_test.cc'],
    objectDirectory: path.join(directory, 'test-obj'),
    jobs,
    reuse: true,
  });
  const objects = [...kernelObjects, ...testObjects];
  const binary = path.join(directory, 'kernel_test');
  await run(target.compiler, ['-pthread', '-o', binary, ...objects], packageRoot);
  return binary;
}

/** Runs a built test program; status 0 when every check passed. */
function runKernelTest(targetName, binary, { timeoutMs = 300_000 } = {}) {
  const [command, args] = TARGETS[targetName].command(binary);
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, cwd: packageRoot });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
  };
}

async function main() {
  const requested = process.argv.slice(2);
  const targetNames = requested.length > 0 ? requested : Object.keys(TARGETS);
  let failed = false;
  for (const targetName of targetNames) {
    if (!TARGETS[targetName])
      throw new Error(`unknown target ${targetName}; use ${Object.keys(TARGETS).join(' or ')}`);
    const missing = missingTools(targetName);
    if (missing) {
      console.log(`${targetName}: skipped (${missing})`);
      continue;
    }
    const binary = await buildKernelTest(targetName);
    const { status, output } = runKernelTest(targetName, binary);
    console.log(`== ${targetName}\n${output}`);
    failed ||= status !== 0;
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`kernel-test: ${error.message}`);
    process.exit(1);
  });
}

module.exports = { TARGETS, missingTools, buildKernelTest, runKernelTest };
