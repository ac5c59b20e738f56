import { readFileSync } from 'node:fs';
import { checkPackage, Package, type Problem } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { PackedPackage } from './pack.js';
import { readTarball } from './tarball.js';

/** publint (https://publint.dev) on the tarball as packed: every suggestion, warning and error, in words. */
export async function publintProblems(
  packed: Pick<PackedPackage, 'name' | 'tarballPath'>,
): Promise<string[]> {
  const tarball = readFileSync(packed.tarballPath);
  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map(
    (message) =>
      `${packed.name}: publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? ''}`,
  );
}

/** Where a problem arethetypeswrong reports is: the entrypoint and resolution, or the files involved. */
function describeProblem(problem: Problem): string {
  if ('entrypoint' in problem) return `${problem.entrypoint} under ${problem.resolutionKind}`;
  if ('typesFileName' in problem) return `${problem.typesFileName} / ${problem.implementationFileName}`;
  return problem.fileName;
}

/**
 * arethetypeswrong (https://arethetypeswrong.github.io) on the tarball: whether every entrypoint's types
 * resolve, and agree with the JavaScript, under node10, node16 (CJS and ESM) and bundler resolution.
 */
export async function typesProblems(
  packed: Pick<PackedPackage, 'name' | 'tarballPath' | 'manifest'>,
): Promise<string[]> {
  // The files handed over directly: createPackageFromTarballData keeps only the last chunk its streaming
  // gunzip emits, so a tarball that inflates in more than one chunk comes out empty (every one of ours).
  const files: Record<string, Uint8Array> = {};
  for (const [file, bytes] of readTarball(packed.tarballPath)) {
    files[`/node_modules/${packed.name}/${file}`] = new Uint8Array(bytes);
  }
  const result = await checkPackage(new Package(files, packed.name, packed.manifest.version ?? '0.0.0'));
  if (!result.types) return [`${packed.name}: arethetypeswrong found no types at all`];
  return result.problems.map(
    (problem) => `${packed.name}: arethetypeswrong ${problem.kind} at ${describeProblem(problem)}`,
  );
}
