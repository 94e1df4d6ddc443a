import type { CollectionSpec, FieldSpec } from '../port.ts';
import type { ResolvedFilter } from '../query/resolve-filter.ts';
import { assertNever } from '../../common/index.ts';

export type MongoFilter = Record<string, unknown>;

/** Matches no document: an empty `$in` (FerretDB v1 has no `$expr`). */
export const MATCH_NOTHING: MongoFilter = { _id: { $in: [] } };

const COMPARISON_OPERATORS = { eq: '$eq', lt: '$lt', lte: '$lte', gt: '$gt', gte: '$gte' } as const;

/**
 * Where a field lives in a stored document. A String/ID key is also stored as
 * `_id`, so lookups and sorts on it use the `_id` index.
 */
export function documentPath(spec: CollectionSpec, field: FieldSpec): string {
  const textKey = field.name === spec.key && (field.type === 'ID' || field.type === 'String') && field.list !== true;
  return textKey ? '_id' : field.column;
}

/**
 * Mongo query for a resolved filter, using only operators FerretDB v1 has.
 * `not` is `$nor`, the exact complement (missing and null fields included),
 * as the SQL compiler's `IS NOT TRUE`. `contains` is a `$regex` over the
 * escaped literal, so it is a case-sensitive substring match.
 */
export function compileMongoFilter(spec: CollectionSpec, filter: ResolvedFilter): MongoFilter {
  const recurse = (item: ResolvedFilter): MongoFilter => compileMongoFilter(spec, item);
  switch (filter.kind) {
    case 'const':
      return filter.value ? {} : MATCH_NOTHING;
    case 'and':
      return filter.items.length === 0 ? {} : { $and: filter.items.map(recurse) };
    case 'or':
      return filter.items.length === 0 ? MATCH_NOTHING : { $or: filter.items.map(recurse) };
    case 'not':
      return { $nor: [recurse(filter.item)] };
    case 'isNull':
      return { [documentPath(spec, filter.field)]: null };
    case 'compare':
      return { [documentPath(spec, filter.field)]: { [COMPARISON_OPERATORS[filter.op]]: filter.value } };
    case 'in': {
      const values = filter.includesNull ? [...filter.values, null] : filter.values;
      return { [documentPath(spec, filter.field)]: { $in: values } };
    }
    case 'contains':
      return { [documentPath(spec, filter.field)]: { $regex: escapeRegex(filter.value) } };
    default:
      return assertNever(filter, 'filter');
  }
}

/** Escapes every regex metacharacter so the pattern matches the text literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
