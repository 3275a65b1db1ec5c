import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { parseIntFlag } from '../options.js';

interface WorkerFlags {
  redis: string;
  concurrency: string;
  lockMs: string;
}

/** Help shown under `snowblind worker --help`. */
export const WORKER_HELP = `
Workers must see the same model files as the coordinator (\`serve --redis\` or \`audit --redis\`):
the same registry ids (in $SNOWBLIND_HOME/registry.json or the built-in registry) naming the same
files, and model paths that exist on every worker. Each shard carries the sha256 of the model on
the coordinator; a worker whose model differs refuses the shard with HASH_MISMATCH, and the audit
fails naming the model and the worker. A lost Redis is retried forever with backoff (one line
when it drops, one when it is back).`;

/**
 * `snowblind worker`: take audit shards from Redis (BullMQ) until Ctrl-C. Start any number, on
 * any machines that share the Redis and the model files (see {@link WORKER_HELP});
 * `snowblind serve --redis` or `snowblind audit --redis` hand out the work and merge the results.
 */
export function workerCommand(io: CliIo): Command {
  return new Command('worker')
    .description('run audit shards from Redis (BullMQ) for `serve --redis` / `audit --redis`, until Ctrl-C')
    .addOption(
      new Option('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
        .env('SNOWBLIND_REDIS')
        .makeOptionMandatory(),
    )
    .option('-c, --concurrency <n>', 'shards at once in this process (TF.js wasm uses one core each)', '1')
    .option(
      '--lock-ms <n>',
      "how long a shard stays locked without this worker's renewal: a killed worker's shard moves on after about this long",
      '30000',
    )
    .addHelpText('after', WORKER_HELP)
    .action(async (flags: WorkerFlags) => {
      const concurrency = parseIntFlag('--concurrency', flags.concurrency, 1, 64);
      const lockDurationMs = parseIntFlag('--lock-ms', flags.lockMs, 1000, 3_600_000);
      // Loaded on demand: BullMQ and Redis are not needed by other commands.
      const { startWorker } = await import('@snowblind/distributed');
      const worker = await startWorker({
        redis: flags.redis,
        concurrency,
        lockDurationMs,
        ...(io.env['SNOWBLIND_HOME'] ? { home: io.env['SNOWBLIND_HOME'] } : {}),
        log: (line) => io.stderr.write(`${line}\n`),
        onShardDone: (shard, result, seconds) =>
          io.stderr.write(
            `shard ${shard.id}: ${shard.count} images of ${shard.model} in ${seconds.toFixed(1)} s on ${result.model.backend} (${(shard.count / seconds).toFixed(1)} images/s)\n`,
          ),
      });
      io.stdout.write(`snowblind worker ${worker.id} waiting for shards\n`);
      let onSignal: () => void = () => undefined;
      const signalled = new Promise<void>((resolve) => {
        onSignal = resolve;
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      try {
        // A lost Redis connection ends the worker with REDIS_UNAVAILABLE.
        await Promise.race([signalled, worker.closed]);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        // The running shard may finish; a second Ctrl-C stops at once (its shard is retried elsewhere).
        const now = () => process.exit(130);
        process.once('SIGINT', now);
        process.once('SIGTERM', now);
        await worker.close();
        process.off('SIGINT', now);
        process.off('SIGTERM', now);
      }
    });
}
