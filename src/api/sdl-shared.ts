/**
 * SDL every operational subgraph carries: scalars, paging and filter inputs.
 * Identical in every domain, so composition merges them; `PageInfo` is a
 * value type and therefore `@shareable`.
 */
import type { FieldType } from '../sdk/index.ts';

export const FILTER_OPERATORS: Record<FieldType, readonly string[]> = {
  ID: ['eq', 'ne', 'in', 'isNull'],
  String: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'contains', 'isNull'],
  Int: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Float: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Boolean: ['eq', 'ne', 'isNull'],
  DateTime: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  JSON: [],
};

export function filterInputName(type: FieldType): string {
  return `${type}Filter`;
}

function filterInput(type: FieldType): string {
  const lines = FILTER_OPERATORS[type].map((op) => {
    switch (op) {
      case 'in':
        return `  "Matches any of the values."\n  in: [${type}!]`;
      case 'isNull':
        return `  "true: the value is null; false: it is not."\n  isNull: Boolean`;
      case 'contains':
        return `  "Case-sensitive substring match."\n  contains: String`;
      default:
        return `  ${op}: ${type}`;
    }
  });
  return `"Conditions on a ${type} field; all given conditions must hold."\ninput ${filterInputName(type)} {\n${lines.join('\n')}\n}`;
}

export const SHARED_SDL = `
"An ISO-8601 date-time with time zone, e.g. 2025-01-31T12:00:00.000Z."
scalar DateTime

"Any JSON value."
scalar JSON

enum SortDirection {
  ASC
  DESC
}

"Relay page information of a connection."
type PageInfo @shareable {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

${(['ID', 'String', 'Int', 'Float', 'Boolean', 'DateTime'] as const).map(filterInput).join('\n\n')}
`;

/** A description as an SDL block string. */
export function describe(text: string | undefined, indent = ''): string {
  if (!text) return '';
  return `${indent}"""${text.replace(/"""/g, '\\"""')}"""\n`;
}
