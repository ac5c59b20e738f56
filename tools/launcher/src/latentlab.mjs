#!/usr/bin/env node
// `pnpm latentlab …` at the repository root (pnpm runs a workspace bin without printing anything of its
// own): rebuilds, quietly, only the packages whose sources changed since their last build, then runs the
// built command in this process, in the directory the user typed it in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markBuilt, stalePackages } from './stale-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// Two commands started at once must not build at once (one would clean a dist/ the other compiles against):
// the first takes a lock folder, the others wait for it and then see that nothing is stale any more.
const lock = join(root, 'node_modules', '.cache', 'latentlab-build.lock');
const LOCK_STALE_MS = 10 * 60 * 1000;
async function acquireBuildLock() {
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > LOCK_STALE_MS)
        rmSync(lock, { recursive: true, force: true }); // left by a killed build
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

if (stalePackages(root, '@latentlab/cli').length > 0) {
  await acquireBuildLock();
  try {
    buildStale(stalePackages(root, '@latentlab/cli')); // rechecked: a command that waited finds it built
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildStale(stale) {
  if (stale.length === 0) return;
  process.stderr.write(`latentlab: building ${stale.map(({ name }) => name).join(', ')} …\n`);
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const build = spawnSync(
    turbo,
    ['run', 'build', '--filter=@latentlab/cli...', '--output-logs=errors-only'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`latentlab: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`);
    rmSync(lock, { recursive: true, force: true });
    process.exit(1);
  }
  markBuilt(stale);
}
await import(pathToFileURL(join(root, 'packages', 'cli', 'dist', 'main.js')).href);
