// Compiling native/ without node-gyp, for another CPU (scripts/prebuild-linux-arm64.cjs) or without the N-API
// glue (scripts/kernel-test.cjs). The sources and C++ flags come from binding.gyp, so these builds follow it.
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const packageRoot = path.resolve(__dirname, '..');

/** binding.gyp's one target: its sources (relative to the package), C++ flags and defines. */
function bindingTarget() {
  const gyp = JSON.parse(fs.readFileSync(path.join(packageRoot, 'binding.gyp'), 'utf8'));
  const target = gyp.targets[0];
  const linux = target.conditions.find(([condition]) => condition === "OS=='linux'")?.[1] ?? {};
  return {
    sources: target.sources,
    cxxflags: [...target.cflags_cc, ...(linux.cflags_cc ?? [])],
    defines: target.defines,
  };
}

/** The first line of `tool --version`, or null when the tool is not on PATH. */
function toolVersion(tool) {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return `${result.stdout}${result.stderr}`.split('\n')[0].trim();
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) {
        if (stderr) process.stderr.write(stderr); // warnings
        resolve();
      } else reject(new Error(`${command} ${args.join(' ')} exited with ${status}\n${stderr}`));
    });
  });
}

/** Runs task(item) for every item, at most `jobs` at a time. */
async function inParallel(items, jobs, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

function defaultJobs() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Compiles each source (relative to the package; run from the package root, so no checkout path enters the
 * objects) into objectDirectory and returns the objects' paths in source order. An object's name carries a
 * hash of the compiler, the flags, the source and every header under native/ and native-tests/, so with
 * `reuse` a rerun compiles only what changed; without it the directory is emptied first.
 */
async function compileObjects({
  compiler,
  flags,
  sources,
  objectDirectory,
  jobs = defaultJobs(),
  reuse = false,
}) {
  if (!reuse) fs.rmSync(objectDirectory, { recursive: true, force: true });
  fs.mkdirSync(objectDirectory, { recursive: true });
  const headers = crypto.createHash('sha256');
  for (const directory of ['native', 'native-tests']) {
    const absolute = path.join(packageRoot, directory);
    if (!fs.existsSync(absolute)) continue;
    for (const file of fs.readdirSync(absolute).sort()) {
      if (!file.endsWith('.h')) continue;
      headers.update(`${directory}/${file}\n`);
      headers.update(fs.readFileSync(path.join(absolute, file)));
    }
  }
  const headersHash = headers.digest('hex');
  const compilerVersion = toolVersion(compiler) ?? compiler;
  const objects = sources.map((source) => {
    const key = crypto
      .createHash('sha256')
      .update(JSON.stringify([compilerVersion, flags, source, headersHash]))
      .update(fs.readFileSync(path.join(packageRoot, source)))
      .digest('hex')
      .slice(0, 16);
    return path.join(objectDirectory, `${path.basename(source, path.extname(source))}-${key}.o`);
  });
  const wanted = new Set(objects.map((object) => path.basename(object)));
  for (const file of fs.readdirSync(objectDirectory)) {
    if (!wanted.has(file)) fs.rmSync(path.join(objectDirectory, file), { force: true });
  }
  const pending = sources.map((source, index) => ({ source, object: objects[index] }));
  await inParallel(
    pending.filter(({ object }) => !fs.existsSync(object)),
    jobs,
    async ({ source, object }) => {
      const temporary = `${object}.${process.pid}.tmp`;
      await run(compiler, [...flags, '-c', source, '-o', temporary], packageRoot);
      fs.renameSync(temporary, object);
    },
  );
  return objects;
}

module.exports = { packageRoot, bindingTarget, toolVersion, run, compileObjects, defaultJobs };
