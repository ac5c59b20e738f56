// @latentlab/tfjs-native's tarball must install with no compiler anywhere on PATH and load the binary it
// carries (prebuilds/<platform>-<arch>/, written at pack time by its prepack script).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmokeProject } from './install.js';
import { type PackedPackage, packPackage } from './pack.js';
import { cleanEnvironment, runCommand } from './run-command.js';
import { findWorkspaceRoot, listPublicPackages } from './workspace.js';

const SETUP_TIMEOUT_MS = 300_000;
const PLATFORM = `${process.platform}-${process.arch}`;
const PREBUILT_PLATFORMS = new Set(['linux-x64']);
// Committed to the repository, so every tarball carries them (linux-arm64 is cross-compiled on x86-64).
const COMMITTED_PREBUILDS = ['linux-x64', 'linux-arm64'];
const COMPILERS = ['cc', 'gcc', 'c++', 'g++', 'clang', 'clang++', 'make', 'python3'];

const workspaceRoot = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
const nativePackage = listPublicPackages(workspaceRoot).find(
  (item) => item.name === '@latentlab/tfjs-native',
);

let workDirectory = '';
let projectDirectory = '';
let binDirectory = '';
let packed: PackedPackage | undefined;
let installOutput = '';

/** PATH with nothing but `node` and `sh`: no compiler, make or python for node-gyp to find. */
function compilerFreeEnvironment(): NodeJS.ProcessEnv {
  return cleanEnvironment({ PATH: binDirectory, ONNXRUNTIME_NODE_INSTALL: 'skip' });
}

describe.runIf(PREBUILT_PLATFORMS.has(PLATFORM) && nativePackage)(
  '@latentlab/tfjs-native prebuilt binary',
  () => {
    beforeAll(async () => {
      workDirectory = mkdtempSync(path.join(os.tmpdir(), 'latentlab-prebuild-'));
      projectDirectory = path.join(workDirectory, 'project');
      binDirectory = path.join(workDirectory, 'bin');
      mkdirSync(projectDirectory);
      mkdirSync(binDirectory);
      symlinkSync(process.execPath, path.join(binDirectory, 'node'));
      symlinkSync('/bin/sh', path.join(binDirectory, 'sh')); // npm runs lifecycle scripts through sh
      packed = await packPackage(nativePackage!, path.join(workDirectory, 'tarballs'));
      createSmokeProject(projectDirectory);
      const npmCli = path.join(
        execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(),
        'npm',
        'bin',
        'npm-cli.js',
      );
      const output = await runCommand(
        process.execPath,
        [npmCli, 'install', '--no-audit', '--no-fund', '--foreground-scripts', packed.tarballPath],
        { cwd: projectDirectory, env: compilerFreeEnvironment(), timeoutMs: SETUP_TIMEOUT_MS - 20_000 },
      );
      installOutput = `${output.stdout}\n${output.stderr}`;
    }, SETUP_TIMEOUT_MS);

    afterAll(() => {
      if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
    });

    it('the tarball carries the binary for this platform', () => {
      expect(packed!.files).toContain(`prebuilds/${PLATFORM}/latentlab_native.node`);
    });

    it('the tarball carries every committed prebuild with its BUILD.json (linux-x64 and linux-arm64)', () => {
      for (const platform of COMMITTED_PREBUILDS) {
        expect(packed!.files).toContain(`prebuilds/${platform}/latentlab_native.node`);
        expect(packed!.files).toContain(`prebuilds/${platform}/BUILD.json`);
      }
    });

    it('installs with no compiler on PATH, using the prebuilt binary', () => {
      for (const tool of COMPILERS) expect(existsSync(path.join(binDirectory, tool))).toBe(false);
      expect(installOutput).toContain(`using the prebuilt binary for ${PLATFORM}`);
      const installed = path.join(projectDirectory, 'node_modules', '@latentlab', 'tfjs-native');
      expect(existsSync(path.join(installed, 'build'))).toBe(false); // nothing was compiled
    });

    it('loads the prebuilt binary and runs a native matmul', async () => {
      const script = `
      import { registerNativeBackend, nativeAddonPath, tf } from '@latentlab/tfjs-native';
      const registration = registerNativeBackend();
      await tf.setBackend(registration.name);
      const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0];
      console.log(JSON.stringify({ native: registration.native, path: nativeAddonPath(), product, backend: tf.getBackend() }));
    `;
      const { stdout } = await runCommand(process.execPath, ['--input-type=module', '-e', script], {
        cwd: projectDirectory,
        env: compilerFreeEnvironment(),
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        native: boolean;
        path: string;
        product: number;
        backend: string;
      };
      expect(result.native).toBe(true);
      expect(realpathSync(result.path)).toContain(path.join('prebuilds', PLATFORM, 'latentlab_native.node'));
      expect(result.product).toBe(11);
      expect(result.backend).toBe('latentlab-native');
    });
  },
);
