/**
 * The zod schema of a data-product descriptor: the structural half of
 * validation (shapes, names, allowed values). Cross-references inside one
 * descriptor are checked in `validate-references.ts`, across domains in
 * `validate-mesh.ts`.
 */
import { z } from 'zod';
import { pipelineSchema } from './pipeline-schema.ts';

/** GraphQL names: types, fields and arguments must match this. */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const DOMAIN_NAME = /^[a-z][a-z0-9]*$/;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;
const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

const named = (pattern: RegExp, what: string) => z.string().regex(pattern, { message: `must be ${what} (${pattern.source})` });

export const fieldTypes = ['ID', 'String', 'Int', 'Float', 'Boolean', 'DateTime', 'JSON'] as const;
export const classifications = ['public', 'internal', 'confidential', 'pii'] as const;

const fieldSchema = z.strictObject({
  type: z.enum(fieldTypes),
  description: z.string().optional(),
  nullable: z.boolean().optional(),
  list: z.boolean().optional(),
  column: named(SQL_IDENTIFIER, 'a column name').optional(),
  classification: z.array(z.enum(classifications)).optional(),
  filterable: z.boolean().optional(),
  sortable: z.boolean().optional(),
});

const fieldsSchema = z
  .record(named(FIELD_NAME, 'a camelCase field name'), fieldSchema)
  .refine((fields) => Object.keys(fields).length > 0, { message: 'must declare at least one field' });

const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('postgres'),
    table: named(SQL_IDENTIFIER, 'a table name'),
    schema: named(SQL_IDENTIFIER, 'a schema name').optional(),
  }),
  z.strictObject({ kind: z.literal('mongo'), collection: named(SQL_IDENTIFIER, 'a collection name') }),
]);

const relationSchema = z.strictObject({
  kind: z.enum(['one', 'many']),
  target: z.string().regex(/^(?:[a-z][a-z0-9]*\.)?[A-Z][A-Za-z0-9]*$/, {
    message: 'must be Entity or domain.Entity',
  }),
  field: named(FIELD_NAME, 'a field name'),
  description: z.string().optional(),
});

const entitySchema = z.strictObject({
  description: z.string().optional(),
  source: sourceSchema,
  key: named(FIELD_NAME, 'a field name'),
  fields: fieldsSchema,
  relations: z.record(named(FIELD_NAME, 'a camelCase relation name'), relationSchema).optional(),
  maxPageSize: z.number().int().min(1).max(10_000).optional(),
});

const datasetSchema = z.strictObject({
  description: z.string().optional(),
  fields: fieldsSchema,
  eventTime: named(FIELD_NAME, 'a field name'),
  partitioning: z.enum(['day', 'hour']),
  retentionDays: z.number().int().positive().optional(),
  keyField: named(FIELD_NAME, 'a field name').optional(),
  producedBy: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/, { message: 'must be <pipeline>.<step>' })
    .optional(),
});

const cubeSchema = z.strictObject({
  description: z.string().optional(),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('dataset'), dataset: z.string() }),
    z.strictObject({ kind: z.literal('entity'), entity: z.string() }),
    z.strictObject({ kind: z.literal('sql'), sql: z.string() }),
  ]),
  measures: z.record(
    named(FIELD_NAME, 'a measure name'),
    z.strictObject({
      type: z.enum(['count', 'sum', 'avg', 'min', 'max', 'countDistinct']),
      field: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  dimensions: z.record(
    named(FIELD_NAME, 'a dimension name'),
    z.strictObject({ field: z.string(), type: z.enum(fieldTypes), description: z.string().optional() }),
  ),
  timeDimension: z.string().optional(),
  segments: z.record(z.string(), z.strictObject({ filter: z.string(), description: z.string().optional() })).optional(),
});

const modelSchema = z.strictObject({
  description: z.string().optional(),
  kind: z.enum(['regression', 'classification', 'ranking', 'embedding']),
  features: z.array(z.string()).min(1),
  label: z.string().optional(),
  scores: z.string().optional(),
});

const seedSchema = z.custom<unknown>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { generate?: unknown }).generate === 'function' &&
    typeof (value as { plannedRows?: unknown }).plannedRows === 'function',
  { message: 'must be an object with generate(ctx) and plannedRows(ctx) functions' },
);

export const descriptorSchema = z.strictObject({
  name: named(DOMAIN_NAME, 'a lower-case domain name'),
  version: z.string().regex(SEMVER, { message: 'must be a semantic version such as 1.0.0' }),
  description: z.string().min(1, { message: 'must describe the data product' }),
  owner: z.strictObject({ team: z.string().min(1), contact: z.string().min(1) }),
  tags: z.array(z.string()).optional(),
  operational: z.strictObject({ entities: z.record(named(TYPE_NAME, 'a PascalCase entity name'), entitySchema) }).optional(),
  lake: z.strictObject({ datasets: z.record(named(FIELD_NAME, 'a camelCase dataset name'), datasetSchema) }).optional(),
  analytical: z.strictObject({ cubes: z.record(named(FIELD_NAME, 'a camelCase cube name'), cubeSchema) }).optional(),
  predictive: z.strictObject({ models: z.record(named(FIELD_NAME, 'a camelCase model name'), modelSchema) }).optional(),
  pipelines: z.record(named(FIELD_NAME, 'a camelCase pipeline name'), pipelineSchema).optional(),
  seed: seedSchema.optional(),
});
