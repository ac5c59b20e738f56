import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The git commit of the latentlab checkout this CLI runs from, or null (an npm install, no git, or a
 * checkout of something else): the model card's `software.commit`.
 */
export function latentlabCommit(): string | null {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const top = execFileSync('git', ['-C', here, 'rev-parse', '--show-toplevel'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const manifest = join(top, 'package.json');
    if (
      !existsSync(manifest) ||
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name !== 'latentlab'
    ) {
      return null;
    }
    return execFileSync('git', ['-C', top, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}
