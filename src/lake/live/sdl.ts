/**
 * The live schema's SDL: one `Subscription` field per dataset, e.g.
 * `engagementViewed(where: EngagementViewedLiveWhere): EngagementViewedLiveEvent!`.
 * Event fields are typed as in lake reads (DateTime as ISO-8601 strings);
 * every field but `eventId` is nullable, because a field the subscriber may
 * not read resolves to null with a FORBIDDEN error at its path. The `where`
 * input has the operational filter shape (`eq ne in lt lte gt gte contains
 * isNull`, with `and`/`or`/`not`).
 */
import { FILTER_OPERATORS, filterInputName } from '../../operational/index.ts';
import type { FieldType } from '../../sdk/index.ts';
import type { DatasetField, DatasetRuntime } from '../datasets/index.ts';

const FILTERABLE_TYPES = ['ID', 'String', 'Int', 'Float', 'Boolean', 'DateTime'] as const satisfies readonly FieldType[];

function upperFirst(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

export interface LiveTypeNames {
  /** The `Subscription` field: `engagementViewed`. */
  field: string;
  event: string;
  where: string;
}

export function liveTypeNames(runtime: Pick<DatasetRuntime, 'domain' | 'name'>): LiveTypeNames {
  const base = `${upperFirst(runtime.domain)}${upperFirst(runtime.name)}`;
  return { field: `${runtime.domain}${upperFirst(runtime.name)}`, event: `${base}LiveEvent`, where: `${base}LiveWhere` };
}

export function isFilterable(field: DatasetField): boolean {
  return !field.list && (FILTERABLE_TYPES as readonly FieldType[]).includes(field.type);
}

function blockString(text: string | undefined, indent = ''): string {
  return text ? `${indent}"""${text.replaceAll('"""', '\\"""')}"""\n` : '';
}

function filterInput(type: FieldType): string {
  const lines = FILTER_OPERATORS[type].map((op) => {
    switch (op) {
      case 'in':
        return `  in: [${type}!]`;
      case 'isNull':
        return '  isNull: Boolean';
      case 'contains':
        return '  contains: String';
      default:
        return `  ${op}: ${type}`;
    }
  });
  return `input ${filterInputName(type)} {\n${lines.join('\n')}\n}`;
}

function datasetSdl(runtime: DatasetRuntime): string {
  const names = liveTypeNames(runtime);
  const fields = runtime.fields.map((field) => {
    const type = field.list ? `[${field.type}]` : field.type;
    return `${blockString(field.description, '  ')}  ${field.name}: ${type}${field.name === runtime.idField ? '!' : ''}`;
  });
  const filterable = runtime.fields.filter(isFilterable).map((field) => `  ${field.name}: ${filterInputName(field.type)}`);
  return [
    `${blockString(runtime.descriptor.description)}type ${names.event} {\n${fields.join('\n')}\n}`,
    `input ${names.where} {\n  and: [${names.where}!]\n  or: [${names.where}!]\n  not: ${names.where}\n${filterable.join('\n')}\n}`,
  ].join('\n\n');
}

export function liveSdl(datasets: readonly DatasetRuntime[]): string {
  const subscriptionFields = datasets.map((runtime) => {
    const names = liveTypeNames(runtime);
    const doc = `  "${runtime.qualifiedName} events as they arrive (none replayed), filtered by where and by the caller's policies."\n`;
    return `${doc}  ${names.field}(where: ${names.where}): ${names.event}!`;
  });
  return [
    '"An ISO-8601 date-time with time zone, e.g. 2025-01-31T12:00:00.000Z."\nscalar DateTime',
    '"Any JSON value."\nscalar JSON',
    ...FILTERABLE_TYPES.map(filterInput),
    'type Query {\n  "Placeholder: live streams are subscriptions; queries go to /graphql."\n  _live: Boolean\n}',
    ...(datasets.length > 0 ? [`type Subscription {\n${subscriptionFields.join('\n')}\n}`] : []),
    ...datasets.map(datasetSdl),
  ].join('\n\n');
}
