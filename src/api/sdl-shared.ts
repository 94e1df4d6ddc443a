/**
 * SDL every domain subgraph carries: scalars, paging and filter inputs.
 * Identical in every domain, so composition merges them; `PageInfo` is a
 * value type and therefore `@shareable`. The lake's records and the live
 * schema use the same filter inputs, so one `where` reads the same on every
 * plane.
 */
import { type FieldType, WHERE_OPERATORS } from '../sdk/index.ts';

/** The where grammar's operators (the SDK's), but JSON fields take no filter in the API. */
export const FILTER_OPERATORS: Record<FieldType, readonly string[]> = { ...WHERE_OPERATORS, JSON: [] };

/** The types a `where` can filter on (JSON and lists cannot be). */
export const FILTERABLE_TYPES = ['ID', 'String', 'Int', 'Float', 'Boolean', 'DateTime'] as const satisfies readonly FieldType[];

/** Whether a `where` can filter on a field of this shape: a filterable type, not a list. */
export function isFilterable(field: { type: FieldType; list?: boolean }): boolean {
  return !field.list && (FILTERABLE_TYPES as readonly FieldType[]).includes(field.type);
}

export function filterInputName(type: FieldType): string {
  return `${type}Filter`;
}

/** `input <Type>Filter { eq ne in … }` with the operators of `type`. */
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

/** The scalars every schema of the API declares (subgraphs and the live schema). */
export const SCALARS_SDL = `"An ISO-8601 date-time with time zone, e.g. 2025-01-31T12:00:00.000Z."
scalar DateTime

"Any JSON value."
scalar JSON`;

/** One filter input per filterable type. */
export const FILTER_INPUTS_SDL = FILTERABLE_TYPES.map(filterInput).join('\n\n');

export const SHARED_SDL = `
${SCALARS_SDL}

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

${FILTER_INPUTS_SDL}
`;
