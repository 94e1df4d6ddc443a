/**
 * The lake plane's SDL for one domain: `extend type <Domain>Query { lake }`
 * and per dataset its schema, partitions, typed records and download URLs.
 * Filter inputs, `SortDirection`, `PageInfo` and the scalars are the API's
 * shared SDL (src/api), which every domain subgraph carries.
 */
import { filterInputName, isFilterable, namespaceTypeName, sdlDescription } from '../../api/index.ts';
import type { DataProduct } from '../../sdk/index.ts';
import { datasetRuntimes, type DatasetField, type DatasetRuntime } from '../datasets/index.ts';
import { datasetTypeNames, lakeTypeName } from './naming.ts';

/** Shared by every domain with datasets: value types, hence `@shareable`. */
export const LAKE_SHARED_SDL = `
"A column of a lake dataset."
type LakeField @shareable {
  name: String!
  type: String!
  list: Boolean!
  nullable: Boolean!
  classification: [String!]!
  description: String
}

"One event-time partition of a dataset (a day, or an hour of it) as landed in the lake."
type LakePartition @shareable {
  "YYYY-MM-DD (UTC)."
  dt: String!
  "Hour of day (UTC) for hour-partitioned datasets."
  hour: Int
  "The partition's folder, e.g. dt=2025-01-31 or dt=2025-01-31/hour=07."
  path: String!
  files: Int!
  rows: Int!
  bytes: Float!
  minTime: DateTime
  maxTime: DateTime
  "Object keys of its Parquet files; pass one to downloadUrl."
  objectKeys: [String!]!
}
`;

function graphqlType(field: DatasetField): string {
  const scalar = field.type;
  return field.list ? `[${scalar}]` : scalar;
}

function datasetSdl(runtime: DatasetRuntime): string {
  const names = datasetTypeNames(runtime);
  const description = sdlDescription(runtime.descriptor.description);
  const recordFields = runtime.fields.map((field) => {
    const doc = sdlDescription(field.description, '  ');
    const nonNull = field.name === runtime.idField ? '!' : '';
    return `${doc}  ${field.name}: ${graphqlType(field)}${nonNull}`;
  });
  const filterable = runtime.fields.filter(isFilterable);
  return [
    `${description}type ${names.dataset} {`,
    '  schema: [LakeField!]!',
    '  "Partitions holding events in [from, to)."',
    '  partitions(from: DateTime, to: DateTime): [LakePartition!]!',
    `  "Events with ${runtime.eventTimeField} in [from, to), filtered and ordered; default order ${runtime.eventTimeField}, then ${runtime.idField}."`,
    `  records(where: ${names.where}, from: DateTime, to: DateTime, orderBy: [${names.orderBy}!], first: Int, after: String): ${names.connection}!`,
    '  "A presigned GET URL (15 minutes) for one Parquet object of this dataset (a key from partitions.objectKeys)."',
    '  downloadUrl(partition: String!): String',
    '}',
    '',
    `type ${names.record} {\n${recordFields.join('\n')}\n}`,
    '',
    `type ${names.connection} {\n  edges: [${names.edge}!]!\n  nodes: [${names.record}!]!\n  pageInfo: PageInfo!\n}`,
    `type ${names.edge} {\n  cursor: String!\n  node: ${names.record}!\n}`,
    '',
    `input ${names.where} {\n  and: [${names.where}!]\n  or: [${names.where}!]\n  not: ${names.where}\n` +
      `${filterable.map((field) => `  ${field.name}: ${filterInputName(field.type)}`).join('\n')}\n}`,
    `enum ${names.sortField} {\n${filterable.map((field) => `  ${field.name}`).join('\n')}\n}`,
    `input ${names.orderBy} {\n  field: ${names.sortField}!\n  direction: SortDirection = ASC\n}`,
  ].join('\n');
}

/** SDL to merge into the domain's subgraph; empty when the product declares no datasets. */
export function lakeSdl(product: DataProduct): string {
  const runtimes = datasetRuntimes([product]);
  if (runtimes.length === 0) return '';
  const lake = lakeTypeName(product.name);
  return [
    LAKE_SHARED_SDL,
    `extend type ${namespaceTypeName(product.name)} {\n  "The domain's lake: raw events as landed, per dataset."\n  lake: ${lake}!\n}`,
    `type ${lake} {\n${runtimes.map((r) => `  ${r.name}: ${datasetTypeNames(r).dataset}!`).join('\n')}\n}`,
    ...runtimes.map(datasetSdl),
  ].join('\n\n');
}
