import { type ErrorCode, isSnowblindError } from '@snowblind/core';
import type { DistributedErrorCode } from '@snowblind/distributed';
import { GraphQLError } from 'graphql';

/**
 * Codes the server adds to core's `ERROR_CODES`; both kinds arrive in `extensions.code`.
 * Yoga's own request errors keep theirs (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`,
 * `BAD_USER_INPUT`, `BAD_REQUEST`).
 */
export const SERVER_ERROR_CODES = [
  'UNAUTHENTICATED',
  'AUDIT_NOT_FOUND',
  'EXPLANATION_NOT_FOUND',
  'FOOL_NOT_FOUND',
  'IMAGE_SET_NOT_FOUND',
  'BAD_STATE',
  'QUERY_TOO_COMPLEX',
  'PAYLOAD_TOO_LARGE',
  'PATH_OUTSIDE_ROOT',
  'NO_IN_DISTRIBUTION_DATA',
  'JOB_TOO_LARGE',
  /** The data dir keeps no more uploads of this kind until some are deleted. */
  'STORE_FULL',
  /** A foreign `Origin`, or a non-loopback `Host` on a loopback server (HTTP 403). */
  'FORBIDDEN',
  /** The noise image render queue is full (HTTP 503): retry. */
  'BUSY',
  /** A noise image took over its render time limit (HTTP 503). */
  'RENDER_TIMEOUT',
] as const;

/** One of {@link SERVER_ERROR_CODES}. */
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** What each server code means, one line each (docs/errors.md is generated from it; a new code without one fails typecheck). */
export const SERVER_ERROR_CODE_DESCRIPTIONS: Readonly<Record<ServerErrorCode, string>> = {
  UNAUTHENTICATED: 'a mutation without the bearer token the server was started with',
  AUDIT_NOT_FOUND: 'no audit has this id',
  EXPLANATION_NOT_FOUND: 'no explanation has this id',
  FOOL_NOT_FOUND: 'no fool search has this id',
  IMAGE_SET_NOT_FOUND: 'no uploaded in-distribution image set has this id',
  STORE_FULL: 'the server keeps no more uploaded image sets until some are deleted',
  BAD_STATE: 'the job is not in a state that allows this (e.g. cancelling a finished audit)',
  QUERY_TOO_COMPLEX: 'a query over the depth, alias or cost limits',
  PAYLOAD_TOO_LARGE: 'a request body or upload over its size limit (HTTP 413)',
  PATH_OUTSIDE_ROOT: 'registerModel(path:) outside the folder the server may read models from',
  NO_IN_DISTRIBUTION_DATA: 'OOD metrics asked for with no in-distribution images for the model',
  JOB_TOO_LARGE: "a job over the server's work limits (`serve --max-*-values`)",
  FORBIDDEN: 'a foreign Origin, or a non-loopback Host on a loopback server (HTTP 403)',
  BUSY: 'the noise image render queue is full (HTTP 503): retry',
  RENDER_TIMEOUT: 'a noise image took over its render time limit (HTTP 503)',
};

/**
 * A code a coded GraphQL error can carry: core's {@link ErrorCode}s, the distributed runner's
 * (`REDIS_UNAVAILABLE`, `SHARD_FAILED`) and the server's own.
 */
export type GraphqlErrorCode = ErrorCode | DistributedErrorCode | ServerErrorCode;

/** An expected error: yoga shows its message, `extensions.code` and `extensions.hint`. */
export function coded(code: GraphqlErrorCode, message: string, hint?: string): GraphQLError {
  return new GraphQLError(message, { extensions: hint ? { code, hint } : { code } });
}

/**
 * yoga's `maskError`: core's `SnowblindError`s become coded GraphQL errors (they are always the
 * user's doing), GraphQL errors thrown on purpose pass, anything else is a bug and is masked as
 * `INTERNAL` so no stack trace or path leaks to a client.
 */
export function maskError(error: unknown, message: string): Error {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located?.originalError ?? error;
  const where = { nodes: located?.nodes ?? null, path: located?.path ?? null };
  if (isSnowblindError(original)) {
    return new GraphQLError(original.message, {
      ...where,
      extensions: original.hint ? { code: original.code, hint: original.hint } : { code: original.code },
    });
  }
  if (original instanceof GraphQLError) {
    // Thrown on purpose (coded), or graphql-js / yoga request errors (variable coercion, CSRF,
    // body size): expected. Those without a code get one; their HTTP status is kept.
    const extensions = { ...located?.extensions, ...original.extensions };
    const status = (extensions['http'] as { status?: number } | undefined)?.status;
    if (typeof extensions['code'] !== 'string')
      extensions['code'] = status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT';
    return new GraphQLError(located?.message ?? original.message, { ...where, extensions });
  }
  console.error('snowblind: unexpected error', original);
  return new GraphQLError(message, { ...where, extensions: { code: 'INTERNAL' } });
}
