/**
 * @snowblind/server — the GraphQL API: audits as jobs with live progress, attributions,
 * model registration, SQLite persistence.
 * @packageDocumentation
 */
export type { ServerContext, Services } from './context.js';
export {
  coded,
  type GraphqlErrorCode,
  maskError,
  SERVER_ERROR_CODE_DESCRIPTIONS,
  SERVER_ERROR_CODES,
  type ServerErrorCode,
} from './errors.js';
export { BullmqQueue, type BullmqQueueOptions } from './jobs/bullmq-queue.js';
export { DEFAULT_JOB_LIMITS, type JobLimits } from './jobs/job-limits.js';
export type { JobHandle, JobQueue } from './jobs/job-queue.js';
export type {
  AuditEvent,
  AuditJob,
  ExplainEvent,
  ExplainJob,
  IdScores,
  IdScoresJob,
  Job,
  JobEvent,
  JobOutput,
  RegistryLocation,
} from './jobs/job-types.js';
export { EXPLAIN_DEFAULTS } from './jobs/run-explain-job.js';
export {
  type JobLane,
  WorkerPool,
  type WorkerPoolOptions,
  type WorkerPoolStats,
} from './jobs/worker-pool.js';
export { printedSchema, schema } from './schema/index.js';
export {
  createServer,
  type RunningServer,
  type ServerOptions,
  type SnowblindServer,
  type StartServerOptions,
  startServer,
} from './server.js';
