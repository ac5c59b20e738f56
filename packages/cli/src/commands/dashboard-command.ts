import { CliError } from '@latentlab/runs';
import { type FlagSpecs, parseCommandLine } from '../arguments.js';
import { startDashboard } from '../dashboard/dashboard-server.js';

export const DASHBOARD_FLAGS: FlagSpecs = {
  port: {
    kind: 'integer',
    range: { min: 0, max: 65_535 },
    default: 6006,
    description: 'port (0: any free one)',
  },
  host: {
    kind: 'string',
    default: '127.0.0.1',
    description: 'address to listen on (127.0.0.1: this machine only)',
  },
};

/**
 * `latentlab dashboard DIR…`: serves a page that follows the runs live (loss raw and smoothed, learning
 * rate, gradient norm, images/s, the newest sample grid, settings, evals) until Ctrl-C.
 */
export async function dashboardCommand(argv: readonly string[]): Promise<void> {
  const { flags, positionals } = parseCommandLine(argv, DASHBOARD_FLAGS, 'dashboard');
  if (positionals.length === 0)
    throw new CliError('give one or more run directories: latentlab dashboard DIR…');
  const dashboard = await startDashboard({
    runs: positionals,
    port: flags.get('port') as number,
    host: flags.get('host') as string,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot listen: ${error.code === 'EADDRINUSE' ? 'the port is in use (--port 0 picks a free one)' : error.message}`,
    );
  });
  process.stdout.write(
    `latentlab dashboard: ${dashboard.url} follows ${positionals.join(', ')} (Ctrl-C stops)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void dashboard.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
