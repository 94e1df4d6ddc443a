/**
 * The live schema's SDL: one `Subscription` field per dataset, e.g.
 * `engagementViewed(where: EngagementViewedLiveWhere): EngagementViewedLiveEvent!`.
 * Event fields are typed as in lake reads (DateTime as ISO-8601 strings);
 * every field but `eventId` is nullable, because a field the subscriber may
 * not read resolves to null with a FORBIDDEN error at its path. The `where`
 * input, the filter inputs and the scalars are the API's (`eq ne in lt lte gt
 * gte contains isNull`, with `and`/`or`/`not`), as on every other plane.
 */
import { FILTER_INPUTS_SDL, SCALARS_SDL, filterInputName, isFilterable, sdlDescription, upperFirst } from '../../api/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';

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

function datasetSdl(runtime: DatasetRuntime): string {
  const names = liveTypeNames(runtime);
  const fields = runtime.fields.map((field) => {
    const type = field.list ? `[${field.type}]` : field.type;
    return `${sdlDescription(field.description, '  ')}  ${field.name}: ${type}${field.name === runtime.idField ? '!' : ''}`;
  });
  const filterable = runtime.fields.filter(isFilterable).map((field) => `  ${field.name}: ${filterInputName(field.type)}`);
  return [
    `${sdlDescription(runtime.descriptor.description)}type ${names.event} {\n${fields.join('\n')}\n}`,
    `input ${names.where} {\n  and: [${names.where}!]\n  or: [${names.where}!]\n  not: ${names.where}\n${filterable.join('\n')}\n}`,
  ].join('\n\n');
}

/**
 * Subscriptions another module adds to the live endpoint (pipeline runs'
 * progress): its own types, its `Subscription` fields as SDL lines and their
 * resolvers (`subscribe` gets the governed context like the dataset streams).
 */
export interface LiveExtension {
  typeDefs: string;
  subscriptionFields: string;
  resolvers: { Subscription: Record<string, unknown> } & Record<string, unknown>;
}

export function liveSdl(datasets: readonly DatasetRuntime[], extensions: readonly LiveExtension[] = []): string {
  const datasetFields = datasets.map((runtime) => {
    const names = liveTypeNames(runtime);
    const doc = `  "${runtime.qualifiedName} events as they arrive (none replayed), filtered by where and by the caller's policies."\n`;
    return `${doc}  ${names.field}(where: ${names.where}): ${names.event}!`;
  });
  const subscriptionFields = [...datasetFields, ...extensions.map((e) => e.subscriptionFields)];
  return [
    SCALARS_SDL,
    FILTER_INPUTS_SDL,
    'type Query {\n  "Placeholder: live streams are subscriptions; queries go to /graphql."\n  _live: Boolean\n}',
    ...(subscriptionFields.length > 0 ? [`type Subscription {\n${subscriptionFields.join('\n')}\n}`] : []),
    ...datasets.map(datasetSdl),
    ...extensions.map((e) => e.typeDefs),
  ].join('\n\n');
}
