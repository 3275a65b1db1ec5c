import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { connectRedis } from '@snowblind/distributed';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { QUERY_LIMITS } from './builder.js';
import type { ServerContext, Services } from './context.js';
import { maskError } from './errors.js';
import { useBodyLimit } from './http/body-limit.js';
import { capEventStreams } from './http/event-stream-cap.js';
import { NOISE_IMAGE_LIMITS, type NoiseImageLimits } from './http/noise-images.js';
import { corsPolicy, isLoopbackHost, parseCorsOrigin, useOriginPolicy } from './http/origin-policy.js';
import { queryLimitPlugins } from './http/query-limits.js';
import { useSnowblindRoutes } from './http/routes.js';
import { BullmqQueue } from './jobs/bullmq-queue.js';
import { type JobLimits, resolveJobLimits } from './jobs/job-limits.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { RegistryLocation } from './jobs/job-types.js';
import { WorkerPool } from './jobs/worker-pool.js';
import { schema } from './schema/index.js';
import { AuditService } from './services/audit-service.js';
import { ExplainService } from './services/explain-service.js';
import { FoolService } from './services/fool-service.js';
import { ImageSetService } from './services/image-sets.js';
import { ModelService } from './services/model-service.js';
import { OodService } from './services/ood-service.js';
import { createProgressPubSub } from './services/pubsub.js';
import { MAX_UPLOAD_BYTES } from './services/uploads.js';
import { AuditStore } from './store/audit-store.js';
import { openDb } from './store/db.js';
import { ExplainStore } from './store/explain-store.js';
import { FoolStore } from './store/fool-store.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Folder for `snowblind.db`, the user model registry, uploads, image cache and artifacts. */
  readonly dataDir: string;
  /**
   * Folder `registerModel(path:)` may read from; its `registry.json`, if any, is the built-in
   * registry. @defaultValue none (registration by upload only; core's built-in registry)
   */
  readonly modelsRoot?: string | null;
  /** Built-in registry file; `null` for none. @defaultValue `<modelsRoot>/registry.json` if present, else core's */
  readonly registryPath?: string | null;
  /**
   * Audits running at once, each in its own worker thread; explanations, fool searches and OOD
   * scores run beside them in one more worker of their own. @defaultValue 1
   */
  readonly concurrency?: number;
  /** Work bounds of one job and the cancel grace period. @defaultValue {@link DEFAULT_JOB_LIMITS} */
  readonly jobLimits?: Partial<JobLimits>;
  /** Bearer token mutations need. @defaultValue `$SNOWBLIND_TOKEN`, else none */
  readonly token?: string | null;
  /** Query limits. @defaultValue {@link QUERY_LIMITS} */
  readonly queryLimits?: Partial<ServerContext['queryLimits']>;
  /**
   * Origins (`https://app.example.com`) besides the server's own whose web pages may call the
   * API; every other page's request is refused and gets no CORS headers.
   * @defaultValue none (same-origin only: the dashboard the server serves)
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Answer only requests whose `Host` is a loopback name (localhost, 127.0.0.1, ::1), which
   * stops DNS-rebinding pages. @defaultValue false; {@link startServer}: true on a loopback host
   */
  readonly loopbackHostsOnly?: boolean;
  /** Size, replay and cache limits of `/images/noise/…`. @defaultValue {@link NOISE_IMAGE_LIMITS} */
  readonly noiseImageLimits?: Partial<NoiseImageLimits>;
  /** A job runner other than the in-process worker pool (e.g. a {@link BullmqQueue}). */
  readonly queue?: JobQueue;
  /**
   * Redis URL: audits run as shards on `snowblind worker` processes (a {@link BullmqQueue});
   * explanations and OOD scores stay on the in-process pool. Ignored when `queue` is given.
   * @defaultValue none (everything in-process)
   */
  readonly redis?: string;
  /**
   * Built dashboard served at `/`; `null` for none.
   * @defaultValue `$SNOWBLIND_DASHBOARD_DIR`, else the dashboard workspace package's `dist`
   */
  readonly dashboardDir?: string | null;
}

/** A server instance: the yoga app, its fetch handler (for in-process use) and a shutdown. */
export interface SnowblindServer {
  readonly yoga: YogaServerInstance<Record<string, unknown>, ServerContext>;
  readonly fetch: (request: Request) => Promise<Response>;
  readonly services: Services;
  /** Stop jobs (running audits are left resumable), close the database. */
  close(): Promise<void>;
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(`Bearer ${expected}`));
}

/**
 * Build the snowblind GraphQL server: opens (or creates) the data dir, marks audits a previous
 * process left running as `INTERRUPTED`, and starts the job pool lazily.
 */
export function createServer(options: ServerOptions): SnowblindServer {
  const dataDir = resolve(options.dataDir);
  const modelsRoot = options.modelsRoot ? resolve(options.modelsRoot) : null;
  const artifactsDir = join(dataDir, 'artifacts');
  const noiseCacheDir = join(dataDir, 'cache', 'noise');
  mkdirSync(artifactsDir, { recursive: true });
  mkdirSync(noiseCacheDir, { recursive: true });
  const rootRegistry = modelsRoot ? join(modelsRoot, 'registry.json') : undefined;
  const builtinPath =
    options.registryPath !== undefined
      ? options.registryPath
      : rootRegistry && existsSync(rootRegistry)
        ? rootRegistry
        : undefined;
  const location: RegistryLocation = { home: dataDir, builtinPath };
  const token = options.token === undefined ? (process.env['SNOWBLIND_TOKEN'] ?? null) : options.token;

  const queryLimits = { ...QUERY_LIMITS, ...options.queryLimits };
  const corsOrigins = (options.corsOrigins ?? []).map(parseCorsOrigin);
  const db = openDb(dataDir);
  const auditStore = new AuditStore(db);
  const explainStore = new ExplainStore(db);
  const foolStore = new FoolStore(db);
  auditStore.markInterrupted();
  explainStore.markInterrupted();
  foolStore.markInterrupted();
  const jobLimits = resolveJobLimits(options.jobLimits);
  const local = options.queue
    ? undefined
    : new WorkerPool(location, {
        concurrency: options.concurrency ?? 1,
        cancelGraceMs: jobLimits.cancelGraceMs,
      });
  const queue =
    options.queue ?? (options.redis ? new BullmqQueue({ redis: options.redis, local, location }) : local!);
  const pubsub = createProgressPubSub();
  const models = new ModelService(dataDir, builtinPath, modelsRoot);
  const imageSets = new ImageSetService(dataDir);
  const services: Services = {
    audits: new AuditService(auditStore, queue, pubsub, models, jobLimits),
    auditStore,
    explain: new ExplainService(explainStore, queue, pubsub, artifactsDir, models, jobLimits),
    fool: new FoolService(foolStore, queue, artifactsDir, models, jobLimits),
    imageSets,
    models,
    ood: new OodService(auditStore, explainStore, queue, models, imageSets),
    pubsub,
    token: token || null,
  };

  const yoga = createYoga<Record<string, unknown>, ServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Expected errors are the client's business; maskError logs the unexpected ones.
    logging: false,
    // Multipart uploads; every other body has queryLimits.bodyBytes (useBodyLimit).
    maxRequestBodySize: MAX_UPLOAD_BYTES + 1024 * 1024,
    maskedErrors: { maskError },
    cors: corsPolicy(corsOrigins),
    plugins: [
      useOriginPolicy({ corsOrigins, loopbackOnly: options.loopbackHostsOnly ?? false }),
      useBodyLimit(queryLimits.bodyBytes),
      ...queryLimitPlugins(queryLimits),
      useSnowblindRoutes({
        noiseCacheDir,
        noiseImageLimits: { ...NOISE_IMAGE_LIMITS, ...options.noiseImageLimits },
        artifactsDir,
        ...(options.dashboardDir === undefined ? {} : { dashboardDir: options.dashboardDir }),
      }),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'x-snowblind-csrf'] }),
    ],
    context: ({ request }) => ({
      services,
      authorized: services.token === null || sameToken(request.headers.get('authorization'), services.token),
      origin: new URL(request.url).origin,
      queryLimits,
    }),
  });

  let closed = false;
  return {
    yoga,
    fetch: (request) => Promise.resolve(yoga.fetch(request)),
    services,
    async close() {
      if (closed) return;
      closed = true;
      services.audits.detachAll();
      auditStore.markInterrupted();
      explainStore.markInterrupted();
      foolStore.markInterrupted();
      await queue.close();
      await yoga.dispose(); // plugins' onDispose: the noise image render thread
      db.close();
    },
  };
}

/** Options of {@link startServer}: where to listen, plus {@link ServerOptions}. */
export interface StartServerOptions extends ServerOptions {
  /** @defaultValue 4000; 0 picks a free port */
  readonly port?: number;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** Where the URL line goes. @defaultValue console.log */
  readonly log?: (line: string) => void;
  /** Live subscriptions (SSE streams) open at once; more are refused `BUSY`. @defaultValue 256 */
  readonly maxEventStreams?: number;
}

/** A listening server. */
export interface RunningServer extends SnowblindServer {
  /** `http://host:port/graphql`. */
  readonly url: string;
  readonly port: number;
}

/** Create the server and listen on `host:port`; prints the GraphQL URL. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  // Fail fast (REDIS_UNAVAILABLE) rather than on the first audit.
  if (options.redis && !options.queue) (await connectRedis(options.redis)).disconnect();
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ loopbackHostsOnly: isLoopbackHost(host), ...options });
  const http = createHttpServer(capEventStreams(server.yoga, options.maxEventStreams));
  await new Promise<void>((ready, fail) => {
    http.once('error', fail);
    // A deep accept queue: bursts of new connections wait instead of being dropped and retried
    // by TCP a second or more later (Node's default backlog is 511).
    http.listen({ port: options.port ?? 4000, host, backlog: 4096 }, () => ready());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
  const log = options.log ?? console.log;
  log(`snowblind GraphQL API listening on ${url}`);
  if (!isLoopbackHost(host) && server.services.token === null) {
    log(
      `warning: listening on ${host} without a token: anyone who can reach this port can start jobs and register models; set SNOWBLIND_TOKEN or pass --token`,
    );
  }
  return {
    ...server,
    url,
    port,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
      await server.close();
    },
  };
}
