import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type { ServerContext } from './context.js';
import { coded } from './errors.js';

/**
 * Request limits: documents that are too long, deep, wide or costly, and bodies that are too
 * big, are refused with `QUERY_TOO_COMPLEX` / `PAYLOAD_TOO_LARGE` before any resolver runs.
 * `depth`, `breadth` and `complexity` are Pothos' (schema fields, list sizes weighed);
 * `tokens`, `aliases`, `directives` and `cost` are GraphQL Armor's, which also count
 * `__typename` and introspection fields; `nesting` is checked on the tokens before parsing
 * (see `http/query-limits.ts`).
 */
export const QUERY_LIMITS = Object.freeze({
  depth: 10,
  breadth: 200,
  complexity: 50_000,
  /** Lexer tokens of one document, counted while parsing: a huge document is never built. */
  tokens: 2_000,
  /** Brackets (`{ [ (`) open at once; graphql-js parses recursively. */
  nesting: 40,
  /** Aliased fields in one operation, `__typename` and `__schema` included. */
  aliases: 15,
  /** Directives in one operation. */
  directives: 20,
  /**
   * GraphQL Armor's cost (objects 2, scalars 1, ×1.5 per level), `__typename` included;
   * `__schema` subtrees are bounded by aliases, tokens and graphql-js' introspection depth rule.
   */
  cost: 5_000,
  /** Bytes of a JSON or `application/graphql` request body; multipart uploads have their own limit. */
  bodyBytes: 1024 * 1024,
});

/** The shape of {@link QUERY_LIMITS}. */
export type QueryLimits = { readonly [K in keyof typeof QUERY_LIMITS]: number };

/** The one schema builder; `schema/<domain>.ts` files register onto it. */
export const builder = new SchemaBuilder<{
  Context: ServerContext;
  Scalars: {
    File: { Input: File; Output: never };
    DateTime: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ComplexityPlugin, RelayPlugin, ValidationPlugin],
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ctx.queryLimits,
    complexityError: (kind, result) =>
      coded(
        'QUERY_TOO_COMPLEX',
        `query ${String(kind).toLowerCase()} ${result[String(kind).toLowerCase() as 'depth']} exceeds the limit`,
        'ask for fewer fields or smaller pages, or split the query',
      ),
  },
  validation: {
    validationError: (failure) =>
      coded(
        'BAD_INPUT',
        failure.issues
          .map(
            (i) =>
              `${(i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') || 'input'}: ${i.message}`,
          )
          .join('; '),
      ),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('File', {
  description: 'A file sent as a GraphQL multipart request part.',
  serialize: () => {
    throw coded('BAD_INPUT', 'File is an input-only scalar');
  },
  parseValue: (value) => {
    if (!isFileLike(value)) throw coded('BAD_INPUT', 'expected a multipart file upload');
    return value as File;
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 timestamp.',
  serialize: (value) => value,
  parseValue: (value) => String(value),
});

/** yoga's multipart files come from its fetch ponyfill, not always the global `File`. */
export function isFileLike(value: unknown): value is Blob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).arrayBuffer === 'function' &&
    typeof (value as Blob).size === 'number'
  );
}

/**
 * Mutations change state, and some queries start jobs: with a token configured they need
 * `Authorization: Bearer <token>`. `what` names the request in the refusal.
 */
export function requireToken(ctx: ServerContext, what = 'this mutation'): void {
  if (!ctx.authorized) {
    throw coded(
      'UNAUTHENTICATED',
      `${what} needs a bearer token`,
      'send Authorization: Bearer $SNOWBLIND_TOKEN',
    );
  }
}

/** GraphQL Float cannot carry NaN or ±Infinity: they become null. */
export function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}
