import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

/**
 * The checks of an operation's input values (nesting depth, NUL characters,
 * variable coercion) that every GraphQL endpoint runs, for servers that parse
 * and validate on their own (live subscriptions over WebSocket); each returns
 * the request errors that refuse the operation.
 */
export interface InputChecks {
  /** Before parsing: a literal nested deeper than the limit. */
  beforeParse(query: string): GraphQLError | undefined;
  /** After validation: everything else, for the operation `operationName` selects. */
  afterValidate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): readonly GraphQLError[];
}
