/**
 * A worker in its own process, for tests that kill it:
 * `node --conditions=source --import tsx worker-child.ts <redisUrl> <name> [reconnectMaxDelayMs]`.
 * Prints `ready <id>`, then `progress <shardId> <processed> <count>` after every batch and
 * `done <shardId>` per shard. Short locks, so a killed worker's shard moves on within seconds.
 */
import { startWorker } from '../src/start-worker.js';

const [redis, name, reconnect] = process.argv.slice(2);
const worker = await startWorker({
  redis: redis!,
  id: name!,
  lockDurationMs: 3000,
  stalledIntervalMs: 1000,
  heartbeatMs: 500,
  ...(reconnect ? { reconnectMaxDelayMs: Number(reconnect) } : {}),
  onShardProgress: (p) => process.stdout.write(`progress ${p.shardId} ${p.processed} ${p.count}\n`),
  onShardDone: (shard) => process.stdout.write(`done ${shard.id}\n`),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`ready ${worker.id}\n`);
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
