import type { ResolvedFilter } from '../query/resolve-filter.ts';
import { assertNever } from '../../common/index.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import type { SqlParams } from './params.ts';

const COMPARISON_SQL = { eq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * SQL for a resolved filter. A compiled leaf is TRUE exactly when the row
 * matches (FALSE or NULL otherwise), and AND/OR preserve that, so `not` is
 * compiled as `(x) IS NOT TRUE`: the exact complement, NULL rows included,
 * matching Mongo's `$nor`.
 */
export function compileSqlFilter(filter: ResolvedFilter, strategy: ColumnStrategy, params: SqlParams): string {
  const recurse = (item: ResolvedFilter): string => compileSqlFilter(item, strategy, params);
  switch (filter.kind) {
    case 'const':
      return filter.value ? 'TRUE' : 'FALSE';
    case 'and':
      return filter.items.length === 0 ? 'TRUE' : `(${filter.items.map(recurse).join(' AND ')})`;
    case 'or':
      return filter.items.length === 0 ? 'FALSE' : `(${filter.items.map(recurse).join(' OR ')})`;
    case 'not':
      return `((${recurse(filter.item)}) IS NOT TRUE)`;
    case 'isNull':
      return `(${strategy.valueExpr(filter.field)} IS NULL)`;
    case 'compare': {
      const param = params.add(filter.value, strategy.paramType(filter.field));
      return `(${strategy.valueExpr(filter.field)} ${COMPARISON_SQL[filter.op]} ${param})`;
    }
    case 'in': {
      const expr = strategy.valueExpr(filter.field);
      const param = params.add(filter.values, `${strategy.paramType(filter.field)}[]`);
      return filter.includesNull ? `(${expr} = ANY(${param}) OR ${expr} IS NULL)` : `(${expr} = ANY(${param}))`;
    }
    case 'contains':
      return `(strpos(${strategy.valueExpr(filter.field)}, ${params.add(filter.value, 'text')}) > 0)`;
    default:
      return assertNever(filter, 'filter');
  }
}
