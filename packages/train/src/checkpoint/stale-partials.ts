import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes `*.partial-<pid>` files (see `writeFileAtomic`) left in `directory` by processes that no longer
 * run; a live process's partial, this one's included, is left alone. Returns the names removed.
 */
export function removeStalePartials(directory: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(directory)) {
    const match = /\.partial-(\d+)$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    rmSync(join(directory, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
