import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADDON_PATH, PREBUILT_ADDON_PATH } from './native-addon.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { fileHash, nativeSources, nativeSourcesHash } = require('../scripts/native-sources.cjs') as {
  fileHash(path: string): string;
  nativeSources(root: string): string[];
  nativeSourcesHash(root: string): string;
};
const scratch = mkdtempSync(join(tmpdir(), 'latentlab-prebuilt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The repository carries linux-x64's binary, so a clone needs no compiler (scripts/prebuild.cjs makes it).
describe.runIf(process.platform === 'linux' && process.arch === 'x64')('the prebuilt linux-x64 addon', () => {
  const build = JSON.parse(readFileSync(join(dirname(PREBUILT_ADDON_PATH), 'BUILD.json'), 'utf8')) as {
    sources_sha256: string;
    binary_sha256: string;
  };

  it('was built from the sources beside it (run `pnpm --filter @latentlab/tfjs-native build:prebuild` after changing them)', () => {
    expect(build.sources_sha256).toBe(nativeSourcesHash(packageRoot));
    expect(fileHash(PREBUILT_ADDON_PATH)).toBe(build.binary_sha256);
  });

  // (Guarded: where the record is stale the script would rebuild, and the test above fails anyway.)
  const recordIsCurrent =
    build.sources_sha256 === nativeSourcesHash(packageRoot) &&
    fileHash(PREBUILT_ADDON_PATH) === build.binary_sha256;
  it.runIf(recordIsCurrent)('is packed as it is at prepack, with no compiler run', () => {
    const before = statSync(PREBUILT_ADDON_PATH).mtimeMs;
    const run = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'prebuild.cjs')], {
      cwd: packageRoot,
      encoding: 'utf8',
      env: { ...process.env, npm_lifecycle_event: 'prepack', PATH: '' }, // no compiler could be found
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/linux-x64\/latentlab_native\.node is current \(BUILD\.json\)/);
    expect(statSync(PREBUILT_ADDON_PATH).mtimeMs).toBe(before);
  });

  it('loads in a process of its own and computes with its kernels', () => {
    const script = `
      const addon = require(${JSON.stringify(PREBUILT_ADDON_PATH)});
      const info = addon.info();
      console.log(JSON.stringify({ kernel: info.microKernel, threads: info.threads }));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kernel: expect.stringMatching(/^(avx512|avx2|scalar)$/) });
  });

  // Where this checkout also has a source build at least as new as every source (pnpm build:native), its
  // stripped bytes equal the committed binary: the build is reproducible.
  const sourceBuildIsCurrent =
    existsSync(DEFAULT_ADDON_PATH) &&
    nativeSources(packageRoot).every(
      (source) => statSync(join(packageRoot, source)).mtimeMs <= statSync(DEFAULT_ADDON_PATH).mtimeMs,
    ) &&
    spawnSync('strip', ['--version']).status === 0;
  it.runIf(sourceBuildIsCurrent)('equals a build from these sources, byte for byte, once stripped', () => {
    const copy = join(scratch, 'latentlab_native.node');
    copyFileSync(DEFAULT_ADDON_PATH, copy);
    expect(spawnSync('strip', ['--strip-unneeded', copy]).status).toBe(0);
    expect(fileHash(copy)).toBe(build.binary_sha256);
  });
});

// The repository carries linux-arm64's binary too, cross-compiled on x86-64 by scripts/prebuild-linux-arm64.cjs
// (src/arm64-qemu.test.ts runs it under qemu-user). These checks need no arm64 tools, so they run everywhere.
describe('the prebuilt linux-arm64 addon', () => {
  const directory = join(packageRoot, 'prebuilds', 'linux-arm64');
  const binary = join(directory, 'latentlab_native.node');
  const build = JSON.parse(readFileSync(join(directory, 'BUILD.json'), 'utf8')) as {
    platform: string;
    sources_sha256: string;
    binary_sha256: string;
    compiler: string;
    napi_version: number;
  };

  it('was built from the sources beside it (run `pnpm --filter @latentlab/tfjs-native build:prebuild:arm64` after changing them)', () => {
    expect(build).toMatchObject({ platform: 'linux-arm64', napi_version: 8 });
    expect(build.compiler).toMatch(/^aarch64-linux-gnu-g\+\+ /);
    expect(build.sources_sha256).toBe(nativeSourcesHash(packageRoot));
    expect(fileHash(binary)).toBe(build.binary_sha256);
  });

  it('is a 64-bit little-endian AArch64 shared object', () => {
    const header = readFileSync(binary).subarray(0, 20);
    expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(header[4]).toBe(2); // ELFCLASS64
    expect(header[5]).toBe(1); // little-endian
    expect(header.readUInt16LE(16)).toBe(3); // ET_DYN
    expect(header.readUInt16LE(18)).toBe(183); // EM_AARCH64
  });
});
