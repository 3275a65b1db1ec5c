import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { parseIntFlag } from '../options.js';
import { type JobLimitFlags, jobLimitsFrom, withJobLimitFlags } from '../serve-job-limits.js';

interface ServeFlags extends JobLimitFlags {
  port: string;
  host: string;
  dataDir?: string;
  modelsRoot?: string;
  concurrency: string;
  /** false with `--no-dashboard`. */
  dashboard: boolean;
  dashboardDir?: string;
  redis?: string;
  token?: string;
  corsOrigin?: string[];
}

/** Commander's collector of a repeatable flag. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `snowblind serve`: the GraphQL API (graphql-yoga) and the built dashboard on one port, until Ctrl-C. */
export function serveCommand(io: CliIo): Command {
  return withJobLimitFlags(new Command('serve'))
    .description(
      'start the GraphQL API (audits as jobs, live progress, attributions) with the dashboard at / and print its URL',
    )
    .option('-p, --port <n>', 'port (0 picks a free one)', '4000')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'SQLite database, uploads and artifacts (default: $SNOWBLIND_HOME/server)')
    .option('--models-root <dir>', 'folder registerModel(path:) may read from')
    .option(
      '-c, --concurrency <n>',
      'audits running at once, each in a worker thread (explanations and fool searches get one more)',
      '1',
    )
    .option(
      '--dashboard-dir <dir>',
      'built dashboard to serve at / (default: apps/dashboard/dist of the install)',
    )
    .option('--no-dashboard', 'serve the API only, nothing at /')
    .option('--redis <url>', 'hand audits to `snowblind worker` processes through Redis (BullMQ)')
    .option(
      '--token <token>',
      'bearer token mutations need (default: $SNOWBLIND_TOKEN; the variable keeps it out of `ps`)',
    )
    .option(
      '--cors-origin <origin>',
      'also let web pages of this origin call the API, e.g. https://app.example.com (repeatable; default: same origin only)',
      collect,
    )
    .action(async (flags: ServeFlags) => {
      const port = parseIntFlag('--port', flags.port, 0, 65_535);
      const concurrency = parseIntFlag('--concurrency', flags.concurrency, 1, 64);
      const home = io.env['SNOWBLIND_HOME'] ?? join(homedir(), '.snowblind');
      // Loaded on demand: the server's dependencies (yoga, SQLite) are not needed by other commands.
      const { startServer } = await import('@snowblind/server');
      const server = await startServer({
        port,
        host: flags.host,
        dataDir: flags.dataDir ?? join(home, 'server'),
        ...(flags.modelsRoot ? { modelsRoot: flags.modelsRoot } : {}),
        concurrency,
        jobLimits: jobLimitsFrom(flags),
        ...(flags.dashboard ? {} : { dashboardDir: null }),
        ...(flags.dashboard && flags.dashboardDir ? { dashboardDir: resolve(flags.dashboardDir) } : {}),
        ...(flags.redis ? { redis: flags.redis } : {}),
        token: flags.token ?? io.env['SNOWBLIND_TOKEN'] ?? null,
        corsOrigins: flags.corsOrigin ?? [],
        log: (line) => io.stderr.write(`${line}\n`),
      });
      io.stdout.write(`${server.url}\n`);
      if (flags.dashboard) io.stderr.write(`dashboard: ${server.url.replace(/\/graphql$/, '/')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}
