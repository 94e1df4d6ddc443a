import { GraphQLError } from 'graphql';

export function forbidden(detail: string): GraphQLError {
  return new GraphQLError(`Forbidden: ${detail}.`, { extensions: { code: 'FORBIDDEN' } });
}
