/**
 * @snowblind/distributed — audits past one machine: an audit cut into shards (model × noise spec
 * × image range) on a BullMQ queue in Redis, run by any number of `snowblind worker` processes,
 * merged back into the report core's `runAudit` gives for the same parameters.
 * @packageDocumentation
 */
export {
  DISTRIBUTED_ERROR_CODE_DESCRIPTIONS,
  DISTRIBUTED_ERROR_CODES,
  type DistributedErrorCode,
} from './errors.js';
export { connectRedis, type ReconnectPolicy, redactRedisUrl } from './redis.js';
export {
  type DistributedAuditOptions,
  NO_WORKER_NOTICE_MS,
  runDistributedAudit,
} from './run-distributed-audit.js';
export {
  type CoordinatorOptions,
  SHARD_STATES,
  ShardCoordinator,
  type ShardHandlers,
  type ShardInfo,
  type ShardState,
} from './shard-coordinator.js';
export { localShardModel, modelContentHash, resolveShardModel, type ShardModel } from './shard-model.js';
export {
  DEFAULT_QUEUE_NAME,
  DEFAULT_SHARD_SIZE,
  planShards,
  type ShardData,
  type ShardPlan,
  type ShardResult,
  type ShardSummary,
} from './shard-types.js';
export { type RunningWorker, type StartWorkerOptions, startWorker } from './start-worker.js';
export { listWorkers, type WorkerInfo } from './worker-registry.js';
