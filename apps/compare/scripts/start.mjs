#!/usr/bin/env node
// `pnpm start`: builds the app and serves it with the shipped models (vite preview, with the COOP/COEP
// headers that make the page cross-origin isolated), printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
const port = process.env.PORT ?? '4173';

const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: app,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawn(
  process.execPath,
  [vite, 'preview', '--port', port, '--strictPort', '--host', '127.0.0.1'],
  {
    cwd: app,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
