import type { QueryLimits } from './builder.js';
import type { AuditService } from './services/audit-service.js';
import type { ExplainService } from './services/explain-service.js';
import type { FoolService } from './services/fool-service.js';
import type { ImageSetService } from './services/image-sets.js';
import type { ModelService } from './services/model-service.js';
import type { OodService } from './services/ood-service.js';
import type { ProgressPubSub } from './services/pubsub.js';
import type { AuditStore } from './store/audit-store.js';

/** Everything a resolver may use; one instance per server. */
export interface Services {
  readonly audits: AuditService;
  readonly auditStore: AuditStore;
  readonly explain: ExplainService;
  readonly fool: FoolService;
  /** In-distribution image sets users uploaded. */
  readonly imageSets: ImageSetService;
  readonly models: ModelService;
  readonly ood: OodService;
  readonly pubsub: ProgressPubSub;
  /** Bearer token required for mutations, or null for none. */
  readonly token: string | null;
}

/** Per-request GraphQL context. */
export interface ServerContext {
  readonly services: Services;
  /** True when no token is configured or the request carried the right one. */
  readonly authorized: boolean;
  /** `http://host:port` of the request, the base of image URLs. */
  readonly origin: string;
  /** Limits of a request: `QUERY_LIMITS` unless the server was given others. */
  readonly queryLimits: QueryLimits;
}
