import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

/**
 * The checks of an operation's shape and input values (tokens, depth,
 * aliases, directives, nesting of input values, NUL characters, variable
 * coercion) that every GraphQL endpoint runs, for servers that parse
 * and validate on their own (live subscriptions over WebSocket); each returns
 * the request errors that refuse the operation.
 */
export interface InputChecks {
  /** Before parsing: a literal nested deeper than the limit, more tokens than the limit. */
  beforeParse(query: string): GraphQLError | undefined;
  /** After parsing, before validation: depth, aliases, directives over their limits. */
  afterParse(document: DocumentNode): GraphQLError | undefined;
  /** After validation: everything else, for the operation `operationName` selects. */
  afterValidate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): readonly GraphQLError[];
}
