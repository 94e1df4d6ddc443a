/**
 * Field-level lineage of a step: for each output field, the input fields
 * (`<input>.<field>`) its values are derived from, read off the step's plan.
 * Filters, dedupes and join keys choose rows but derive no value, so they are
 * not sources; a count or a row number has none. A row function is opaque: its
 * outputs may come from any field of its input.
 */
import { assertNever } from '../../common/index.ts';
import type { Expr, PlanNode } from '../../sdk/index.ts';

type Sources = Map<string, Set<string>>;

export function fieldSources(node: PlanNode): Sources {
  switch (node.kind) {
    case 'input':
      return new Map(Object.keys(node.schema).map((f) => [f, new Set([`${node.name}.${f}`])]));
    case 'filter':
    case 'dedupe':
      return fieldSources(node.input);
    case 'select':
      return restrict(fieldSources(node.input), node.fields);
    case 'derive':
      return derived(
        fieldSources(node.input),
        Object.entries(node.columns).map(([name, expr]) => [name, columnsOf(expr)]),
      );
    case 'aggregate': {
      const input = fieldSources(node.input);
      const aggregates = Object.entries(node.aggregates).map(([name, agg]) => [name, agg.fn === 'count' ? [] : [agg.field]] as const);
      return derived(restrict(input, node.keys), aggregates, input);
    }
    case 'window':
      return derived(
        fieldSources(node.input),
        Object.entries(node.columns).map(([name, fn]) => [name, 'field' in fn ? [fn.field] : []]),
      );
    case 'join':
    case 'asOfJoin': {
      const right = fieldSources(node.right);
      const merged = fieldSources(node.left);
      for (const f of node.rightFields) merged.set(f, new Set(right.get(f)));
      return merged;
    }
    case 'union': {
      const merged: Sources = new Map();
      for (const input of node.inputs) for (const [f, s] of fieldSources(input)) merged.set(f, new Set([...(merged.get(f) ?? []), ...s]));
      return restrict(merged, Object.keys(node.schema));
    }
    case 'rows': {
      const all = new Set([...fieldSources(node.input).values()].flatMap((s) => [...s]));
      return new Map(Object.keys(node.schema).map((f) => [f, new Set(all)]));
    }
    default:
      return assertNever(node, 'plan node');
  }
}

/** Adds (or replaces) columns computed from columns of `from` (default: the input itself). */
function derived(input: Sources, columns: readonly (readonly [string, readonly string[]])[], from: Sources = input): Sources {
  const out = new Map(input);
  for (const [name, uses] of columns) out.set(name, new Set(uses.flatMap((use) => [...(from.get(use) ?? [])])));
  return out;
}

function restrict(sources: Sources, fields: readonly string[]): Sources {
  return new Map(fields.map((f) => [f, sources.get(f) ?? new Set()]));
}

function columnsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'col':
      return [expr.name];
    case 'lit':
    case 'partition':
      return [];
    case 'arith':
    case 'compare':
      return [...columnsOf(expr.left), ...columnsOf(expr.right)];
    case 'logic':
    case 'coalesce':
      return expr.items.flatMap(columnsOf);
    case 'not':
    case 'isNull':
    case 'dateTrunc':
    case 'toDate':
      return columnsOf(expr.item);
    case 'case':
      return [...expr.whens.flatMap((w) => [...columnsOf(w.when), ...columnsOf(w.value)]), ...columnsOf(expr.otherwise)];
    default:
      return assertNever(expr, 'expression');
  }
}

/** A step's output fields and the asset fields (`<asset>.<field>`) each is derived from; `assets` names each input's asset. */
export function stepFieldLineage(plan: PlanNode, assets: Readonly<Record<string, string>>): { field: string; from: string[] }[] {
  return [...fieldSources(plan)].map(([field, sources]) => ({
    field,
    from: [...sources]
      .map((source) => {
        const dot = source.indexOf('.');
        return `${assets[source.slice(0, dot)] ?? source.slice(0, dot)}.${source.slice(dot + 1)}`;
      })
      .sort(),
  }));
}
