/**
 * Audits past one machine: shards over BullMQ workers on Redis.
 * @packageDocumentation
 */
export { BullmqQueue, type BullmqQueueOptions } from './bullmq-queue.js';
export { DISTRIBUTED_ERROR_CODES, type DistributedErrorCode } from './errors.js';
export { connectRedis, redactRedisUrl } from './redis.js';
export {
  type DistributedAuditOptions,
  NO_WORKER_NOTICE_MS,
  runDistributedAudit,
} from './run-distributed-audit.js';
export { SHARD_STATES, ShardCoordinator, type ShardInfo, type ShardState } from './shard-coordinator.js';
export { localShardModel, modelContentHash, resolveShardModel, type ShardModel } from './shard-model.js';
export {
  DEFAULT_SHARD_SIZE,
  planShards,
  type ShardData,
  type ShardPlan,
  type ShardResult,
  type ShardSummary,
} from './shard-types.js';
export { type RunningWorker, type StartWorkerOptions, startWorker } from './start-worker.js';
export { listWorkers, type WorkerInfo } from './worker-registry.js';
