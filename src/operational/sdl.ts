/**
 * The Federation v2 SDL of one domain's operational plane: a namespace root
 * field, a Relay connection and a by-key field per entity, typed `where` and
 * `orderBy` inputs, relations, and key-only stubs of the other domains'
 * entities that this domain references.
 */
import { SHARED_SDL, filterInputName, isFilterable, namespaceTypeName, pluralFieldName, sdlDescription, singularFieldName } from '../api/index.ts';
import type { DataProduct, EntityDescriptor, FieldDescriptor } from '../sdk/index.ts';
import { findEntity, parseTarget } from './descriptor-names.ts';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export function operationalSdl(product: DataProduct, mesh: readonly DataProduct[]): string {
  const entities = Object.entries(product.operational?.entities ?? {});
  const parts = [FEDERATION_LINK, SHARED_SDL, rootTypes(product, entities)];
  for (const [name, entity] of entities) parts.push(entityTypes(product.name, name, entity));
  parts.push(...referenceStubs(product, mesh));
  return parts.join('\n\n') + '\n';
}

function rootTypes(product: DataProduct, entities: [string, EntityDescriptor][]): string {
  const ns = namespaceTypeName(product.name);
  const fields = entities.map(([name, entity]) => {
    const key = entity.fields[entity.key]!;
    return (
      `${sdlDescription(`${name} rows, filtered, ordered and paged (at most the maximum page size per page).`, '  ')}` +
      `  ${pluralFieldName(name)}(where: ${name}Where, orderBy: [${name}OrderBy!], first: Int, after: String): ${name}Connection!\n` +
      `${sdlDescription(`One ${name} by its key, or null when there is none.`, '  ')}` +
      `  ${singularFieldName(name)}(${entity.key}: ${key.type}!): ${name}`
    );
  });
  // A domain without entities (a lake-only one) still has its namespace; other planes extend it.
  if (fields.length === 0) fields.push(`${sdlDescription("The data product's name.", '  ')}  name: String!`);
  return (
    `type Query {\n${sdlDescription(`The ${product.name} data product: ${product.description}`, '  ')}  ${product.name}: ${ns}!\n}\n\n` +
    `${sdlDescription(`Reads of the ${product.name} data product (owner: ${product.owner.team}).`)}type ${ns} {\n${fields.join('\n')}\n}`
  );
}

function entityTypes(domain: string, name: string, entity: EntityDescriptor): string {
  const fieldLines = Object.entries(entity.fields).map(
    ([fieldName, field]) => `${sdlDescription(fieldDescription(field), '  ')}  ${fieldName}: ${graphqlType(field, fieldName === entity.key)}`,
  );
  for (const [relName, rel] of Object.entries(entity.relations ?? {})) {
    const target = parseTarget(rel.target, domain);
    // Always nullable: the related row may be hidden by policy, or its foreign key denied.
    fieldLines.push(
      rel.kind === 'one'
        ? `${sdlDescription(rel.description, '  ')}  ${relName}: ${target.entity}`
        : `${sdlDescription(rel.description, '  ')}  ${relName}(where: ${target.entity}Where, orderBy: [${target.entity}OrderBy!], first: Int): [${target.entity}!]!`,
    );
  }
  return [
    `${sdlDescription(entity.description)}type ${name} @key(fields: "${entity.key}") {\n${fieldLines.join('\n')}\n}`,
    `type ${name}Connection {\n  edges: [${name}Edge!]!\n  nodes: [${name}!]!\n  pageInfo: PageInfo!\n}`,
    `type ${name}Edge {\n  cursor: String!\n  node: ${name}!\n}`,
    whereInput(name, entity),
    orderByInput(name, entity),
  ].join('\n\n');
}

function fieldDescription(field: FieldDescriptor): string | undefined {
  const tags = field.classification?.length ? ` [${field.classification.join(', ')}]` : '';
  return field.description ? `${field.description}${tags}` : tags.trim() || undefined;
}

/**
 * Only the key is non-null in the API: any other field may be denied by a
 * field rule, and a denied field is null with a FORBIDDEN error at its path
 * while the rest of the row stands. `nullable` stays in the catalog.
 */
export function graphqlType(field: FieldDescriptor, isKey: boolean): string {
  const base = field.list ? `[${field.type}!]` : field.type;
  return isKey ? `${base}!` : base;
}

/** Fields `where` can filter on: scalar, non-list, not JSON unless opted in. */
export function filterableFields(entity: EntityDescriptor): [string, FieldDescriptor][] {
  return Object.entries(entity.fields).filter(([, f]) => (f.filterable ?? true) && isFilterable(f));
}

export function sortableFields(entity: EntityDescriptor): [string, FieldDescriptor][] {
  return Object.entries(entity.fields).filter(([, f]) => (f.sortable ?? true) && !f.list && f.type !== 'JSON');
}

function whereInput(name: string, entity: EntityDescriptor): string {
  const lines = filterableFields(entity).map(([fieldName, f]) => `  ${fieldName}: ${filterInputName(f.type)}`);
  return (
    `"Conditions on ${name} rows; all given conditions must hold."\ninput ${name}Where {\n` +
    `  and: [${name}Where!]\n  or: [${name}Where!]\n  not: ${name}Where\n${lines.join('\n')}\n}`
  );
}

function orderByInput(name: string, entity: EntityDescriptor): string {
  const values = sortableFields(entity).map(([fieldName]) => `  ${fieldName}`);
  return `enum ${name}SortField {\n${values.join('\n')}\n}\n\n` + `input ${name}OrderBy {\n  field: ${name}SortField!\n  direction: SortDirection = ASC\n}`;
}

/** Key-only, non-resolvable stubs of other domains' entities this one references. */
function referenceStubs(product: DataProduct, mesh: readonly DataProduct[]): string[] {
  const stubs = new Map<string, string>();
  for (const entity of Object.values(product.operational?.entities ?? {})) {
    for (const rel of Object.values(entity.relations ?? {})) {
      const target = parseTarget(rel.target, product.name);
      if (target.domain === product.name || stubs.has(target.entity)) continue;
      const targetEntity = findEntity(mesh, target.domain, target.entity);
      if (!targetEntity) continue; // validateMesh reports it
      const key = targetEntity.fields[targetEntity.key]!;
      stubs.set(target.entity, `type ${target.entity} @key(fields: "${targetEntity.key}", resolvable: false) {\n  ${targetEntity.key}: ${key.type}!\n}`);
    }
  }
  return [...stubs.values()];
}
