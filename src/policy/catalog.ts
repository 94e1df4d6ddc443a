/**
 * The subject catalog: every subject a rule may name, derived from the data
 * products plus the platform's own subjects. Naming per plane:
 * `<domain>.<Entity>`, `<domain>.lake.<dataset>`, `<domain>.cube.<cube>`,
 * `<domain>.model.<model>`, `<domain>.pipeline.<pipeline>`, `platform.<Name>`.
 */
import type { DataProduct, FieldDescriptor } from '../sdk/index.ts';
import type { Action, SubjectInfo, SubjectKind } from './types.ts';

export const PLATFORM_DOMAIN = 'platform';

/** The actions that mean something on each kind of subject (`manage` covers them all). */
export const ACTIONS_BY_KIND: Readonly<Record<SubjectKind, readonly Action[]>> = {
  entity: ['read', 'create', 'update', 'delete', 'manage'],
  dataset: ['read', 'create', 'delete', 'manage'],
  cube: ['read', 'manage'],
  model: ['read', 'run', 'train', 'manage'],
  // execute: run, retry, cancel and backfill a pipeline (the pipelines issue names it so).
  pipeline: ['read', 'execute', 'manage'],
  platform: ['read', 'create', 'update', 'delete', 'manage'],
};

type Fields = SubjectInfo['fields'];

/** Platform subjects; callers may add more (the audit module's record shape, later planes). */
export const PLATFORM_SUBJECTS: readonly SubjectInfo[] = [
  platformSubject('Policy', ['role', 'version', 'description', 'inherits', 'rules', 'author', 'comment', 'createdAt']),
  platformSubject('AuditLog', [
    'seq',
    'time',
    'requestId',
    'actor',
    'operationName',
    'operationType',
    'documentHash',
    'variables',
    'resources',
    'status',
    'errorCodes',
    'durationMs',
    'prevHash',
    'hash',
  ]),
];

export function subjectCatalog(products: readonly DataProduct[], options: { platformSubjects?: readonly SubjectInfo[] } = {}): Map<string, SubjectInfo> {
  const catalog = new Map<string, SubjectInfo>();
  const add = (info: SubjectInfo) => catalog.set(info.subject, info);
  for (const product of products) {
    for (const [name, entity] of Object.entries(product.operational?.entities ?? {})) {
      add(subjectOf(product.name, 'entity', `${product.name}.${name}`, describeFields(entity.fields)));
    }
    for (const [name, dataset] of Object.entries(product.lake?.datasets ?? {})) {
      add(subjectOf(product.name, 'dataset', `${product.name}.lake.${name}`, describeFields(dataset.fields)));
    }
    for (const [name, cube] of Object.entries(product.analytical?.cubes ?? {})) {
      add(subjectOf(product.name, 'cube', `${product.name}.cube.${name}`, cubeFields(cube)));
    }
    for (const [name, model] of Object.entries(product.predictive?.models ?? {})) {
      add(subjectOf(product.name, 'model', `${product.name}.model.${name}`, plainFields([...model.features, 'prediction'])));
    }
    for (const name of Object.keys(product.pipelines ?? {})) {
      add(subjectOf(product.name, 'pipeline', `${product.name}.pipeline.${name}`, {}));
    }
  }
  for (const info of options.platformSubjects ?? PLATFORM_SUBJECTS) add(info);
  return catalog;
}

function subjectOf(domain: string, kind: SubjectKind, subject: string, fields: Fields): SubjectInfo {
  return { subject, kind, domain, fields, actions: [...ACTIONS_BY_KIND[kind]] };
}

function platformSubject(name: string, fields: string[]): SubjectInfo {
  return subjectOf(PLATFORM_DOMAIN, 'platform', `${PLATFORM_DOMAIN}.${name}`, plainFields(fields));
}

function describeFields(fields: Record<string, FieldDescriptor>): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      { type: field.list ? `[${field.type}]` : field.type, classification: [...(field.classification ?? [])] },
    ]),
  );
}

function cubeFields(cube: NonNullable<DataProduct['analytical']>['cubes'][string]): Fields {
  const fields: Fields = {};
  for (const name of Object.keys(cube.measures)) fields[name] = { type: 'Float', classification: [] };
  for (const [name, dimension] of Object.entries(cube.dimensions)) fields[name] = { type: dimension.type, classification: [] };
  return fields;
}

function plainFields(names: string[]): Fields {
  return Object.fromEntries(names.map((name) => [name, { type: 'JSON', classification: [] }]));
}
