/**
 * Aggregate and window functions for `groupBy(...).aggregate` and `window`,
 * and the typing of each against the input schema.
 */
import type { FieldType } from '../field-types.ts';
import { assertNever } from '../../common/index.ts';
import type { Aggregate, WindowFunction } from './plan.ts';
import { type ColumnSchema, columnOf, PlanError, type RelationSchema } from './schema.ts';

export const count = (): Aggregate => ({ fn: 'count' });
export const countDistinct = (field: string): Aggregate => ({ fn: 'countDistinct', field });
export const sum = (field: string): Aggregate => ({ fn: 'sum', field });
export const avg = (field: string): Aggregate => ({ fn: 'avg', field });
export const min = (field: string): Aggregate => ({ fn: 'min', field });
export const max = (field: string): Aggregate => ({ fn: 'max', field });

export const rowNumber = (): WindowFunction => ({ fn: 'rowNumber' });
export const lag = (field: string, offset = 1): WindowFunction => ({ fn: 'lag', field, offset });
export const lead = (field: string, offset = 1): WindowFunction => ({ fn: 'lead', field, offset });
/** The sum of `field` over the partition's rows up to and including this one, in `orderBy` order. */
export const runningSum = (field: string): WindowFunction => ({ fn: 'runningSum', field });
export const runningCount = (): WindowFunction => ({ fn: 'runningCount' });

const ORDERED = new Set<FieldType>(['Int', 'Float', 'String', 'ID', 'DateTime']);

function scalar(schema: RelationSchema, field: string, at: string, allowed: Set<FieldType>, what: string): ColumnSchema {
  const column = columnOf(schema, field, at);
  if (column.list || !allowed.has(column.type)) {
    throw new PlanError(`${at}: ${what} needs ${[...allowed].join(', ')}; ${field} is ${column.type}${column.list ? ' list' : ''}`, field);
  }
  return column;
}

const NUMBERS = new Set<FieldType>(['Int', 'Float']);

export function aggregateType(aggregate: Aggregate, schema: RelationSchema, at: string): ColumnSchema {
  switch (aggregate.fn) {
    case 'count':
      return { type: 'Int', nullable: false, list: false, classification: [] };
    case 'countDistinct': {
      const column = columnOf(schema, aggregate.field, at);
      return { type: 'Int', nullable: false, list: false, classification: column.classification };
    }
    case 'sum':
    case 'avg': {
      const column = scalar(schema, aggregate.field, at, NUMBERS, aggregate.fn);
      return { ...column, type: aggregate.fn === 'avg' ? 'Float' : column.type, nullable: true };
    }
    case 'min':
    case 'max':
      return { ...scalar(schema, aggregate.field, at, ORDERED, aggregate.fn), nullable: true };
    default:
      return assertNever(aggregate, 'aggregate');
  }
}

export function windowType(fn: WindowFunction, schema: RelationSchema, at: string): ColumnSchema {
  switch (fn.fn) {
    case 'rowNumber':
    case 'runningCount':
      return { type: 'Int', nullable: false, list: false, classification: [] };
    case 'lag':
    case 'lead':
      if (!Number.isInteger(fn.offset) || fn.offset < 1) throw new PlanError(`${at}: ${fn.fn} offset must be a positive integer`, fn.field);
      return { ...columnOf(schema, fn.field, at), nullable: true };
    case 'runningSum': {
      const column = scalar(schema, fn.field, at, NUMBERS, 'runningSum');
      return { ...column, nullable: column.nullable };
    }
    default:
      return assertNever(fn, 'window function');
  }
}
