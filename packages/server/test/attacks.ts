/**
 * Request bodies that tried to freeze or crash the server (issue 19) and their neighbours, each
 * with the code it must be refused with. Shared by `limits.test.ts` and
 * `tools/bench/query-flood.ts`.
 */

/** `{ a0: <field> a1: <field> … }` */
export function aliased(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

/** A JSON GraphQL request body. */
export function query(text: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query: text, variables });
}

/** One attack: its name, a maker of its JSON body, the code that refuses it. */
export interface Attack {
  readonly name: string;
  readonly body: () => string;
  readonly code: string;
}

export const ATTACKS: readonly Attack[] = [
  {
    name: '3,000 __schema aliases (0.2 MB)',
    body: () => query(aliased(3000, '__schema { queryType { name } }')),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '18,000 __schema aliases',
    body: () => query(aliased(18_000, '__schema { types { name } }')),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '16 __schema aliases (just over the alias limit)',
    body: () => query(aliased(16, '__schema { queryType { name } }')),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '3,000 __typename aliases',
    body: () => query(aliased(3000, '__typename')),
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: '16 __typename aliases', body: () => query(aliased(16, '__typename')), code: 'QUERY_TOO_COMPLEX' },
  {
    name: '16 aliased introspection lists',
    body: () => query(`{ __schema { ${aliased(16, 'types { name }').slice(1, -1)} } }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '5,000-deep nesting',
    body: () => query(`{ ${'a { '.repeat(5000)}b${' }'.repeat(5000)} }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '995-deep nesting (within the token limit)',
    body: () => query(`{${'a{'.repeat(995)}b${'}'.repeat(995)}}`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '1,990 nested list brackets in an argument',
    body: () => query(`{ models(x: ${'['.repeat(1990)}${']'.repeat(1990)}) { id } }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: 'a 100,000-token document',
    body: () => query(`{ ${'models { id } '.repeat(25_000)} }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '21 directives',
    body: () => query(`{ models ${'@skip(if: false) '.repeat(21)} { id } }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: '3,000 directives',
    body: () => query(`{ models ${'@include(if: true) '.repeat(3000)} { id } }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: 'a 2 MB body',
    body: () => JSON.stringify({ query: '{ models { id } }', variables: { pad: 'x'.repeat(2_000_000) } }),
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a fragment bomb (2^30 aliases through 30 doubled spreads)',
    body: () =>
      query(
        `${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { a${i}: __typename ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F30 on Query { __typename } { ...F0 }`,
      ),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: 'the introspection cycle',
    body: () => query('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'),
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
];
