import type { AuditProgress, AuditResult, ModelRegistry, ResolvedNoiseSpec } from '@snowblind/core';
import type { Command } from 'commander';
import { badFlag } from '../errors.js';
import type { CliIo } from '../io.js';
import { MAX_COUNT, parseIntFlag } from '../options.js';

/** The flags of `snowblind audit` that the Redis path reads. */
export interface RedisAuditFlags {
  redis?: string;
  shardSize: string;
  workerNotice: string;
  redisTimeout: string;
  inDistribution?: string;
  size: string;
  preset?: string;
  labels?: string;
}

/** What the audit asks of the workers. */
export interface RedisAuditPlan {
  refs: string[];
  noise: ResolvedNoiseSpec[];
  count: number;
  batchSize: number;
  topK: number;
  onProgress: (p: AuditProgress) => void;
}

/** Help shown under `snowblind audit --help` about workers. */
export const REDIS_AUDIT_HELP = `
With --redis the audit is cut into shards that \`snowblind worker --redis <url>\` processes run,
on any machines that reach the Redis. Workers must see the same model files: a model id resolves
in each worker's own registry and a path must exist on every worker, and each worker checks the
sha256 of its model against this machine's and refuses a shard whose model differs
(HASH_MISMATCH). An id registered here wins over a file of the same name in the current folder;
pass ./name to mean the file. Ctrl-C removes the queued shards and stops the running ones.`;

/** Add the flags of the Redis path to `snowblind audit`. */
export function addRedisAuditFlags(command: Command): Command {
  return command
    .option(
      '--redis <url>',
      'run on `snowblind worker` processes through Redis (BullMQ) instead of in this process',
    )
    .option('--shard-size <n>', 'images per shard with --redis', '1000')
    .option('--worker-notice <s>', 'with --redis: say so after this many seconds without a live worker', '5')
    .option(
      '--redis-timeout <s>',
      'with --redis: fail (REDIS_UNAVAILABLE) when a lost Redis is not back within this many seconds',
      '30',
    )
    .addHelpText('after', REDIS_AUDIT_HELP);
}

/**
 * The audit sharded over `snowblind worker` processes through Redis (BullMQ). Ctrl-C (SIGINT)
 * cancels it on the workers (queued shards removed, running ones stopped) before the command
 * ends with `CANCELLED`; a second Ctrl-C ends the process at once.
 */
export async function distributedAudit(
  flags: RedisAuditFlags,
  registry: ModelRegistry,
  plan: RedisAuditPlan,
  io: CliIo,
): Promise<AuditResult> {
  if (flags.inDistribution) {
    throw badFlag(
      '--in-distribution',
      'is not supported with --redis',
      'compute OOD metrics in-process (drop --redis)',
    );
  }
  if (flags.size === 'native')
    throw badFlag('--size', 'native is not supported with --redis', 'pass a pixel size, e.g. --size 28');
  if (flags.preset || flags.labels) {
    throw badFlag(
      '--redis',
      'workers load models from their own registry',
      'register the model with its preset and labels',
    );
  }
  const url = flags.redis!;
  const shardSize = parseIntFlag('--shard-size', flags.shardSize, 1, MAX_COUNT);
  const noticeSeconds = parseIntFlag('--worker-notice', flags.workerNotice, 0, 86_400);
  const timeoutSeconds = parseIntFlag('--redis-timeout', flags.redisTimeout, 1, 86_400);
  // Loaded on demand: BullMQ and Redis are only needed for distributed audits.
  const { redactRedisUrl, runDistributedAudit } = await import('@snowblind/distributed');
  const controller = new AbortController();
  const onSigint = () => {
    io.stderr.write('snowblind: cancelling the audit on the workers (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const { refs, noise, count, batchSize, topK, onProgress } = plan;
  try {
    return await runDistributedAudit({
      redis: url,
      models: refs,
      registry,
      noise,
      count,
      batchSize,
      topK,
      shardSize,
      onProgress,
      signal: controller.signal,
      noWorkerNoticeMs: noticeSeconds * 1000,
      redisGiveUpMs: timeoutSeconds * 1000,
      onNoWorkers: () =>
        io.stderr.write(
          `snowblind: no worker is connected to ${redactRedisUrl(url)} after ${noticeSeconds} s; start one with \`snowblind worker --redis ${redactRedisUrl(url)}\` (still waiting; Ctrl-C cancels)\n`,
        ),
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
