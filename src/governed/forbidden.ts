import { GraphQLError } from 'graphql';

/** The one FORBIDDEN error of every plane: a public message and `extensions.code` FORBIDDEN (plus e.g. subject, field, rule). */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

/** A field the caller may not read (on this row): FORBIDDEN naming the subject, the field and the deciding rule. */
export function forbiddenField(subject: string, field: string, rule: string | undefined): GraphQLError {
  return forbidden(`Not allowed to read ${subject}.${field}${rule ? ` (rule ${rule})` : ''}.`, { subject, field, ...(rule ? { rule } : {}) });
}
