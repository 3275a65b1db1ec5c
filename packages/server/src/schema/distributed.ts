import { SHARD_STATES, type ShardInfo, type WorkerInfo } from '@snowblind/distributed';
import { z } from 'zod';
import { builder } from '../builder.js';
import type { ServerContext } from '../context.js';
import { BullmqQueue } from '../jobs/bullmq-queue.js';
import { AuditRef } from './audits.js';

/** The distributed runner behind the audits, if the server has one. */
function distributed(ctx: ServerContext): BullmqQueue | undefined {
  const queue = ctx.services.audits.queue;
  return queue instanceof BullmqQueue ? queue : undefined;
}

const ShardStateEnum = builder.enumType('ShardState', {
  description: 'Where a shard is: BullMQ job states, and MERGED once its rows are committed.',
  values: SHARD_STATES,
});

const AuditShardRef = builder.objectRef<ShardInfo>('AuditShard').implement({
  description: 'One model on one noise spec over an image range, run by a snowblind worker.',
  fields: (t) => ({
    id: t.exposeID('id'),
    runIndex: t.exposeInt('runIndex'),
    model: t.exposeString('model'),
    kind: t.exposeString('kind'),
    start: t.exposeInt('start', { description: 'First image index.' }),
    count: t.exposeInt('count'),
    state: t.field({ type: ShardStateEnum, resolve: (s) => s.state }),
    processed: t.exposeInt('processed', { description: "Images done, from the worker's last report." }),
    worker: t.string({ nullable: true, resolve: (s) => s.worker }),
    retries: t.exposeInt('retries', { description: 'Times a worker failed on it or died holding it.' }),
  }),
});

const WorkerRef = builder.objectRef<WorkerInfo>('DistributedWorker').implement({
  description: 'A `snowblind worker` process with a live heartbeat in Redis.',
  fields: (t) => ({
    id: t.exposeID('id'),
    host: t.exposeString('host'),
    pid: t.exposeInt('pid'),
    engines: t.stringList({
      description: 'Engines of the models it loaded (wasm, tensorflow, onnx, …).',
      resolve: (w) => [...w.engines],
    }),
    concurrency: t.exposeInt('concurrency'),
    startedAt: t.field({ type: 'DateTime', resolve: (w) => w.startedAt }),
    lastSeenAt: t.field({ type: 'DateTime', resolve: (w) => w.lastSeenAt }),
    activeShards: t.stringList({ resolve: (w) => [...w.activeShards] }),
    shardsDone: t.exposeInt('shardsDone'),
    imagesDone: t.exposeInt('imagesDone'),
    imagesPerSecond: t.exposeFloat('imagesPerSecond', { description: 'Over the time it spent on shards.' }),
  }),
});

builder.queryField('workers', (t) =>
  t.field({
    type: [WorkerRef],
    description: 'Workers taking audit shards from Redis; empty when audits run in-process.',
    resolve: async (_root, _args, ctx) => (await distributed(ctx)?.workers()) ?? [],
  }),
);

builder.objectField(AuditRef, 'shards', (t) =>
  t.field({
    type: [AuditShardRef],
    description:
      'Shards of an audit run on workers, while this server process tracks it; empty for in-process audits.',
    args: {
      offset: t.arg.int({ defaultValue: 0, validate: z.number().int().min(0) }),
      limit: t.arg.int({ defaultValue: 100, validate: z.number().int().min(1).max(1000) }),
    },
    resolve: async (audit, { offset, limit }, ctx) =>
      (await distributed(ctx)?.shards(audit.id, offset ?? 0, limit ?? 100)) ?? [],
  }),
);
