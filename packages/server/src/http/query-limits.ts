import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../builder.js';

const HINT = 'ask for fewer fields, aliases or directives, or split the query';

/** GraphQL Armor reports "Syntax Error: <what>"; the client gets a coded 400 instead. */
function refuse(_context: unknown, error: GraphQLError): never {
  throw new GraphQLError(error.message.replace(/^Syntax Error: /, 'query refused: '), {
    extensions: { code: 'QUERY_TOO_COMPLEX', hint: HINT, http: { status: 400 } },
  });
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The deepest bracket nesting (`{`, `[`, `(`) of a document, lexing at most `maxTokens`
 * tokens (the rest is the token limit's business).
 */
export function bracketNesting(source: string, maxTokens: number): number {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  let deepest = 0;
  for (let n = 0; n <= maxTokens; n++) {
    const kind = lexer.advance().kind;
    if (kind === TokenKind.EOF) break;
    if (OPENING.has(kind)) deepest = Math.max(deepest, ++depth);
    else if (CLOSING.has(kind)) depth--;
  }
  return deepest;
}

/**
 * graphql-js parses recursively: within the token limit, 2,000 nested `[` overflow the stack.
 * Lexing is flat, so the nesting is checked before the parser runs; a document the lexer
 * cannot read is left to the parser's own syntax error.
 */
function useMaxNesting(limit: number, maxTokens: number): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      let nesting: number;
      try {
        nesting = bracketNesting(source, maxTokens);
      } catch {
        return;
      }
      if (nesting > limit) {
        refuse(null, new GraphQLError(`Syntax Error: Nesting limit of ${limit} exceeded, found ${nesting}.`));
      }
    },
  };
}

/**
 * GraphQL Armor's limits as yoga plugins. The token limit replaces the parser, so a huge
 * document is refused while it is lexed, before an AST (or a deep recursion) exists; aliases,
 * directives, depth and cost are validation rules that throw on the operation's first visit,
 * before graphql-js' quadratic field-merging check sees a wide selection. Unlike Pothos'
 * complexity (see `builder.ts`) they count `__typename` and introspection fields; the list
 * nesting of introspection itself is graphql-js' `MaxIntrospectionDepthRule` (3 levels).
 *
 * A flat pre-pass bounds bracket nesting first (see {@link bracketNesting}). Every refusal is a
 * `QUERY_TOO_COMPLEX` error with HTTP 400 (the token limit's, raised inside the parser, follows
 * the GraphQL-over-HTTP spec: 200 under `Accept: application/json`).
 */
export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  const common = { exposeLimits: true, onReject: [refuse], propagateOnRejection: true };
  return [
    useMaxNesting(limits.nesting, limits.tokens),
    maxTokensPlugin({ ...common, n: limits.tokens }),
    maxAliasesPlugin({ ...common, n: limits.aliases, allowList: [] }),
    maxDirectivesPlugin({ ...common, n: limits.directives }),
    // The standard introspection query is 21 levels deep through its TypeRef fragment; its
    // fan-out is bounded by MaxIntrospectionDepthRule, aliases and tokens instead.
    maxDepthPlugin({ ...common, n: limits.depth, ignoreIntrospection: true }),
    costLimitPlugin({ ...common, maxCost: limits.cost, ignoreIntrospection: true }),
  ] as Plugin[];
}
