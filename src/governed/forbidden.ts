import { GraphQLError } from 'graphql';

/** The one FORBIDDEN error of every plane: a public message and `extensions.code` FORBIDDEN (plus e.g. subject, field, rule). */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}
